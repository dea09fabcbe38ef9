using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// Delivers the account's events to its webhook URLs as Mux does: a POST of the event's JSON signed in the
/// `Mux-Signature` header (`t=TIMESTAMP,v1=HEX`, HMAC-SHA256 of `TIMESTAMP.BODY` with the signing secret), repeated
/// with a growing wait while the receiver does not answer 2xx (at most <see cref="MaxAttempts"/> times). Events go
/// out in the order they happened.
/// </summary>
internal sealed class WebhookSender : IAsyncDisposable
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlyList<Uri> _urls;
    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _delivery;

    public WebhookSender(IReadOnlyList<Uri> urls, string secret, TimeProvider time)
    {
        if (urls.FirstOrDefault(u => !u.IsLoopback) is { } elsewhere)
        {
            throw new ArgumentException($"The Mux emulator delivers webhooks to loopback addresses only, not {elsewhere}.", nameof(urls));
        }

        _urls = urls;
        _secret = Encoding.UTF8.GetBytes(secret);
        _time = time;
        _delivery = Task.Run(DeliverAsync);
    }

    /// <summary>Records an event, e.g. `video.asset.ready` about asset ID with the asset as its data.</summary>
    public void Publish(string type, string objectType, string objectId, JsonObject data)
    {
        if (_urls.Count == 0)
        {
            return;
        }

        _events.Writer.TryWrite(new JsonObject
        {
            ["type"] = type,
            ["object"] = new JsonObject { ["type"] = objectType, ["id"] = objectId },
            ["id"] = Guid.NewGuid().ToString(),
            ["environment"] = new JsonObject { ["name"] = "Sandbox", ["id"] = "airwave-sandbox" },
            ["data"] = data.DeepClone(),
            ["created_at"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["accessor"] = null,
            ["accessor_source"] = null,
            ["request_id"] = null,
            ["attempts"] = new JsonArray(),
        });
    }

    /// <summary>The header value Mux signs a body with, for a timestamp.</summary>
    private static string Signature(byte[] secret, long timestamp, string body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")))}";

    private async Task DeliverAsync()
    {
        try
        {
            await foreach (var webhookEvent in _events.Reader.ReadAllAsync(_stopping.Token))
            {
                var body = webhookEvent.ToJsonString();
                foreach (var url in _urls)
                {
                    await DeliverAsync(url, body);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The emulator stops.
        }
    }

    private async Task DeliverAsync(Uri url, string body)
    {
        var wait = FirstRetry;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Mux-Signature", Signature(_secret, _time.GetUtcNow().ToUnixTimeSeconds(), body));
            try
            {
                using var response = await _http.SendAsync(request, _stopping.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering: tried again below.
            }
            catch (TaskCanceledException) when (!_stopping.IsCancellationRequested)
            {
                // Timed out: tried again below.
            }

            await Task.Delay(wait, _stopping.Token);
            wait *= 2;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _delivery;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting to retry.
        }

        _http.Dispose();
        _stopping.Dispose();
    }
}
