using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Telemetry;
using Polly;
using Polly.Retry;

namespace Airwave.Mux.Http;

/// <summary>
/// Sends one call to the Mux API with Basic credentials and unwraps its `{"data": ...}` envelope. Rate limiting
/// (429) is retried for every call, after Retry-After when Mux gives one; 5xx answers, transport failures and
/// timeouts only for calls that are safe to repeat (GET, PUT, DELETE), since a repeated POST would make a second
/// upload or asset.
/// </summary>
internal sealed class MuxHttp
{
    private static readonly ClientCallTracing Tracing = new(new ActivitySource("Airwave.Mux"), "mux");

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly ResiliencePipeline _idempotent;
    private readonly ResiliencePipeline _once;
    private readonly MuxMetrics? _metrics;

    public MuxHttp(HttpClient http, MuxClientOptions options, MuxCredentials credentials, TimeProvider time)
    {
        _http = http;
        _baseAddress = options.BaseAddress;
        _metrics = options.Metrics;
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.TokenId}:{credentials.TokenSecret}")));
        _idempotent = Retry(options, time, new PredicateBuilder<object>()
            .Handle<MuxApiException>(e => e.IsRateLimited || (int)e.StatusCode >= 500)
            .Handle<HttpRequestException>()
            .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException));
        _once = Retry(options, time, new PredicateBuilder<object>().Handle<MuxApiException>(e => e.IsRateLimited));
    }

    /// <param name="operation">The call's name in metrics, as the API reference names it (CreateUpload, GetAsset, ...).</param>
    public async Task<T> SendAsync<T>(string operation, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var data = await SendAsync(operation, method, path, body, ct);
        return data.Deserialize(MuxJson.TypeInfo<T>()) ?? throw new MuxApiException(HttpStatusCode.OK, "invalid_response", [$"{method} {path} answered no data"]);
    }

    public async Task<JsonNode> SendAsync(string operation, HttpMethod method, string path, object? body, CancellationToken ct) =>
        (await SendForEnvelopeAsync(operation, method, path, body, ct))["data"] ?? new JsonObject();

    /// <summary>The whole answer, `{"data": ..., "next_cursor": ...}`, for lists.</summary>
    public async Task<JsonObject> SendForEnvelopeAsync(string operation, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var pipeline = method == HttpMethod.Post ? _once : _idempotent;
        using var call = Tracing.Start("mux", operation);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) => await state.Self.SendOnceAsync(state.Operation, state.Method, state.Path, state.Body, state.Call, token),
                (Self: this, Operation: operation, Method: method, Path: path, Body: body, Call: call),
                ct);
        }
        catch (Exception error)
        {
            ClientCallTracing.Failed(call, error);
            throw;
        }
    }

    private async Task<JsonObject> SendOnceAsync(string operation, HttpMethod method, string path, object? body, Activity? call, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode? status = null;
        try
        {
            var answer = await SendOnceAsync(method, path, body, ct);
            status = HttpStatusCode.OK;
            return answer;
        }
        catch (MuxApiException e)
        {
            status = e.StatusCode;
            throw;
        }
        finally
        {
            _metrics?.Record(operation, status, Stopwatch.GetElapsedTime(started));
            ClientCallTracing.Attempted(call, (int?)status);
        }
    }

    private async Task<JsonObject> SendOnceAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseAddress, path));
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, MuxJson.TypeInfo(body.GetType()));
        }

        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, text);
        }

        // DELETE answers 204 with no body.
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
    }

    private static MuxApiException Error(HttpResponseMessage response, string text)
    {
        var type = "unknown";
        IReadOnlyList<string> messages = [$"HTTP {(int)response.StatusCode}"];
        try
        {
            if (JsonNode.Parse(text)?["error"] is JsonObject error)
            {
                type = (string?)error["type"] ?? type;
                messages = (error["messages"] as JsonArray)?.Select(m => (string?)m).OfType<string>().ToList() is { Count: > 0 } list ? list : messages;
            }
        }
        catch (JsonException)
        {
            // Not Mux's error shape (a proxy's page, say): the status alone tells.
        }

        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.TryGetValues("Retry-After", out var values) && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null);
        return new MuxApiException(response.StatusCode, type, messages, retryAfter);
    }

    private static ResiliencePipeline Retry(MuxClientOptions options, TimeProvider time, PredicateBuilder<object> handle) =>
        options.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = handle,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.BaseDelay,
                    MaxDelay = options.MaxDelay,
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is MuxApiException { RetryAfter: { } wait } ? (TimeSpan?)wait : null),
                })
                .Build();
}
