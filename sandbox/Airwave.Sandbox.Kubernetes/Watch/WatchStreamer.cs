using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Tables;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Watch;

/// <summary>
/// Writes a watch as the apiserver does: a chunked 200 response of newline-delimited {"type","object"} events,
/// bookmarks when asked for, a clean end at timeoutSeconds, and an abrupt end when faults drop watches.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, TableConverter tables, FaultInjector faults, TimeSpan bookmarkInterval)
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public async Task StreamAsync(HttpContext http, ResourceType type, WatchSubscription subscription, WatchParameters parameters)
    {
        var dropped = faults.WatchDropped;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, dropped);
        if (parameters.Timeout is { } timeout)
        {
            lifetime.CancelAfter(timeout);
        }

        var ct = lifetime.Token;
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(ct);
        try
        {
            foreach (var change in subscription.Initial)
            {
                await WriteAsync(http, type, change, parameters, ct);
            }

            if (parameters.SendInitialEvents)
            {
                await WriteBookmarkAsync(http, type, subscription.StartVersion, initialEventsEnd: true, ct);
            }

            await http.Response.Body.FlushAsync(ct);
            await PumpAsync(http, type, subscription, parameters, ct);
        }
        catch (OperationCanceledException) when (dropped.IsCancellationRequested)
        {
            http.Abort();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // timeoutSeconds elapsed or the client went away: the stream simply ends.
        }
    }

    /// <summary>Answers a watch that cannot start (410 Expired) the way the apiserver does: an ERROR event in a 200 stream.</summary>
    public static async Task WriteErrorAsync(HttpContext http, ApiException error)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        var json = new JsonObject { ["type"] = "ERROR", ["object"] = error.ToStatus() };
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json.ToJsonString(WireJson.Options) + "\n"), http.RequestAborted);
    }

    private async Task PumpAsync(HttpContext http, ResourceType type, WatchSubscription subscription, WatchParameters parameters, CancellationToken ct)
    {
        var reader = subscription.Events;
        var nextBookmark = DateTimeOffset.UtcNow + bookmarkInterval;
        while (true)
        {
            // Cancellation always surfaces as an exception: the caller tells a dropped watch (abort) from one whose
            // time is up (a clean end) by it, and a loop that just stopped would end a dropped watch cleanly.
            ct.ThrowIfCancellationRequested();
            while (reader.TryRead(out var change))
            {
                await WriteAsync(http, type, change, parameters, ct);
            }

            await http.Response.Body.FlushAsync(ct);
            if (parameters.AllowBookmarks && DateTimeOffset.UtcNow >= nextBookmark)
            {
                // Every matching event up to this version is already in the channel (the store publishes under its lock).
                var version = store.ResourceVersion;
                if (!reader.TryPeek(out _))
                {
                    await WriteBookmarkAsync(http, type, version, initialEventsEnd: false, ct);
                    await http.Response.Body.FlushAsync(ct);
                }

                nextBookmark = DateTimeOffset.UtcNow + bookmarkInterval;
            }

            var wait = reader.WaitToReadAsync(ct).AsTask();
            var delay = parameters.AllowBookmarks ? nextBookmark - DateTimeOffset.UtcNow : Timeout.InfiniteTimeSpan;
            if (delay != Timeout.InfiniteTimeSpan)
            {
                await Task.WhenAny(wait, Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, ct));
                ct.ThrowIfCancellationRequested();
            }
            else if (!await wait)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(HttpContext http, ResourceType type, StoreEvent change, WatchParameters parameters, CancellationToken ct)
    {
        var name = change.Type switch
        {
            WatchEventType.Added => "ADDED",
            WatchEventType.Modified => "MODIFIED",
            _ => "DELETED",
        };
        var body = http.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{name}\",\"object\":"), ct);
        if (parameters.Table is { } request)
        {
            var table = tables.Convert(type, [type.ServedJson(change.Object)], new JsonObject { ["resourceVersion"] = change.Object.ResourceVersion.ToString(CultureInfo.InvariantCulture) }, request);
            await body.WriteAsync(Encoding.UTF8.GetBytes(table.ToJsonString(WireJson.Options)), ct);
        }
        else
        {
            await body.WriteAsync(type.ServedBytes(change.Object), ct);
        }

        await body.WriteAsync(Encoding.UTF8.GetBytes("}"), ct);
        await body.WriteAsync(Newline, ct);
    }

    private static async Task WriteBookmarkAsync(HttpContext http, ResourceType type, long version, bool initialEventsEnd, CancellationToken ct)
    {
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        var bookmark = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.GroupVersion, ["metadata"] = metadata },
        };
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(bookmark.ToJsonString(WireJson.Options) + "\n"), ct);
    }
}
