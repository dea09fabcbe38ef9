using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Airwave.Aws.Credentials;
using Airwave.Aws.Errors;
using Airwave.Aws.Signing;
using Airwave.Telemetry;
using Polly;
using Polly.Retry;

namespace Airwave.Aws.Http;

/// <summary>
/// Sends one signed REST call, retrying throttling, 5xx, transport failures and HTTP timeouts with jittered exponential
/// backoff; every attempt is signed afresh. Failures surface as typed <see cref="AwsServiceException"/>s.
/// </summary>
internal sealed class AwsRestClient
{
    private static readonly ClientCallTracing Tracing = new(new ActivitySource("Airwave.Aws"), "aws-api");

    private readonly HttpClient _http;
    private readonly AwsService _service;
    private readonly ICredentialsProvider _credentials;
    private readonly AwsMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _retryRefusals;

    public AwsRestClient(HttpClient http, AwsService service, ICredentialsProvider credentials, AwsRetryOptions retry, AwsMetrics? metrics, TimeProvider time)
    {
        _http = http;
        _service = service;
        _credentials = credentials;
        _metrics = metrics;
        _time = time;
        _retry = Pipeline(retry, time, new PredicateBuilder()
            .Handle<AwsServiceException>(error => error.IsRetryable)
            .Handle<HttpRequestException>()
            .Handle<TaskCanceledException>(error => error.InnerException is TimeoutException));

        // Throttling and 5xx answers say the call was not carried out; a lost answer says nothing.
        _retryRefusals = Pipeline(retry, time, new PredicateBuilder().Handle<AwsServiceException>(error => error.IsRetryable));
    }

    private static ResiliencePipeline Pipeline(AwsRetryOptions retry, TimeProvider time, PredicateBuilder<object> shouldHandle) =>
        retry.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = shouldHandle,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    MaxRetryAttempts = retry.MaxRetries,
                    Delay = retry.BaseDelay,
                    MaxDelay = retry.MaxDelay,
                })
                .Build();

    /// <param name="operation">The calling client method, named as the AWS operation it performs (CreateChannelAsync → CreateChannel).</param>
    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var name = operation.EndsWith("Async", StringComparison.Ordinal) ? operation[..^"Async".Length] : operation;
        using var call = Tracing.Start(_service.SigningName, name);
        try
        {
            return await (request.Repeatable ? _retry : _retryRefusals).ExecuteAsync(
                static async (state, token) => await state.Self.MeasuredSendAsync(state.Request, state.Operation, state.Call, token),
                (Self: this, Request: request, Operation: name, Call: call),
                cancellationToken);
        }
        catch (Exception error)
        {
            ClientCallTracing.Failed(call, error);
            throw;
        }
    }

    private async Task<AwsResponse> MeasuredSendAsync(AwsRequest request, string operation, Activity? call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode? status = null;
        try
        {
            var response = await SendOnceAsync(request, cancellationToken);
            status = response.StatusCode;
            return response;
        }
        catch (AwsServiceException error)
        {
            status = error.StatusCode;
            throw;
        }
        finally
        {
            _metrics?.Record(_service.SigningName, operation, status, Stopwatch.GetElapsedTime(started));
            ClientCallTracing.Attempted(call, (int?)status);
        }
    }

    private async Task<AwsResponse> SendOnceAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(_service.Endpoint, request.PathAndQuery));
        var body = request.Body ?? [];
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken);
        HttpRequestSigner.Sign(message, body, credentials, _service.SigningRegion, _service.SigningName, _time.GetUtcNow());

        using var response = await _http.SendAsync(message, cancellationToken);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorReader.Read(_service.Protocol, response.StatusCode, response, responseBody);
        }
        return new AwsResponse(response.StatusCode, response.Headers, responseBody);
    }
}
