using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Airwave.Events.CloudEvents;
using Airwave.Events.Signing;
using Airwave.Events.Sinks;

namespace Airwave.Events.Delivery;

/// <summary>POSTs events to one sink: CloudEvents JSON (or the plain payloads), the bearer token and Standard Webhooks headers.</summary>
public sealed class SinkClient(HttpClient http, SinkOptions sink, WebhookSigner signer, TimeProvider time)
{
    public SinkOptions Sink => sink;

    /// <summary>The webhook-id of a request: the event's id, or for a batch an id derived from its events' ids.</summary>
    public static string MessageId(IReadOnlyList<CloudEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 1)
        {
            return events[0].Id;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', events.Select(e => e.Id))));
        return "batch_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public async Task<DeliveryOutcome> SendAsync(IReadOnlyList<CloudEvent> events, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (body, contentType) = sink.Format == EventFormat.Plain
            ? PlainFormat.Encode(events, batched: sink.BatchSize > 1)
            : CloudEventFormat.Encode(events, batched: sink.BatchSize > 1);
        var id = MessageId(events);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();

        using var request = new HttpRequestMessage(HttpMethod.Post, sink.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookSigner.IdHeader, id);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, signer.Sign(id, timestamp, body));
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sink.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => DeliveryOutcome.Delivered,
                HttpStatusCode.Gone => new DeliveryOutcome(DeliveryStatus.Gone, "410"),
                var code => new DeliveryOutcome(DeliveryStatus.Failed, ((int)code).ToString(CultureInfo.InvariantCulture), RetryAfter(response.Headers.RetryAfter)),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryStatus.Failed, "timeout");
        }
        catch (HttpRequestException)
        {
            return new DeliveryOutcome(DeliveryStatus.Failed, "connection");
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
