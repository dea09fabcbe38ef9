using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Serialization;
using Airwave.Telemetry;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Client.Pipeline;

/// <summary>
/// What every call to the API server gets, whether Airwave's own client or the official client's typed API made it:
/// a span when it is part of a traced operation, its latency counted per attempt, 429s (and 5xx with Retry-After)
/// sent again after the delay the server asks for, a timeout for anything but a watch, and a failure thrown as the
/// <see cref="KubernetesApiException"/> subtype for the server's Status.
/// </summary>
internal sealed partial class ApiCallHandler(KubernetesClientOptions options) : DelegatingHandler
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // Requests made during a reconcile are spans of it; an informer's lists and watches are not traced.
    private static readonly ClientCallTracing Tracing = new(new ActivitySource("Airwave.Kubernetes.Client"), "kubernetes");

    private readonly ILogger _logger = options.LoggerFactory.CreateLogger<KubernetesClient>();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = ApiVerb.Of(request);
        using var call = Tracing.Start("kubernetes", verb, onlyWithinSpan: true);
        try
        {
            return await SendWithRetriesAsync(request, verb, call, cancellationToken);
        }
        catch (Exception error)
        {
            ClientCallTracing.Failed(call, error);
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpRequestMessage request, string verb, Activity? call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await SendOnceAsync(request, verb, cancellationToken);
            ClientCallTracing.Attempted(call, (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = await ReadStatusAsync(response, cancellationToken);
                if (RetryDelay(response, status) is { } delay && attempt < options.MaxRetries)
                {
                    LogRetrying(verb, request.RequestUri?.PathAndQuery, (int)response.StatusCode, delay);
                    await Task.Delay(delay, options.TimeProvider, cancellationToken);
                    continue;
                }

                throw KubernetesApiException.From(response.StatusCode, status);
            }
        }
    }

    /// <summary>
    /// One attempt. A request that got no answer within RequestTimeout fails as a <see cref="TimeoutException"/>
    /// naming the call, so that no caller mistakes it for its own cancellation (a shutdown). A watch answers at once
    /// and then streams for as long as it lasts; its health is the connection's pings.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, string verb, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (verb != "watch")
        {
            timeout.CancelAfter(options.RequestTimeout);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, timeout.Token);
            options.Metrics.RequestCompleted(verb, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            options.Metrics.RequestCompleted(verb, "error", Stopwatch.GetElapsedTime(started));
            throw new TimeoutException(
                $"{verb} {request.RequestUri?.PathAndQuery}: the API server did not answer within {options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            options.Metrics.RequestCompleted(verb, "error", Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>429 always asks for a retry; a 5xx only when the server says when (as an overloaded apiserver does).</summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, ApiStatus status)
    {
        var requested = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - options.TimeProvider.GetUtcNow(),
            _ => status.Details?.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null,
        };
        if (response.StatusCode != HttpStatusCode.TooManyRequests && (requested is null || (int)response.StatusCode < 500))
        {
            return null;
        }

        var delay = requested ?? DefaultRetryAfter;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > options.MaxRetryAfter ? options.MaxRetryAfter : delay;
    }

    private static async Task<ApiStatus> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } node && (string?)node["kind"] == "Status")
            {
                return node.Deserialize(KubernetesJsonContext.Default.ApiStatus) ?? new ApiStatus();
            }
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer with HTML or plain text; keep it as the message.
        }

        return new ApiStatus
        {
            Status = "Failure",
            Code = (int)response.StatusCode,
            Reason = response.ReasonPhrase,
            Message = text.Length > 1024 ? text[..1024] : text,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Verb} {Path} answered {StatusCode}; retrying in {Delay}")]
    private partial void LogRetrying(string verb, string? path, int statusCode, TimeSpan delay);
}
