using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Airwave.Media.Transcoding;
using Polly;
using Polly.Retry;

namespace Airwave.Transcoder.Storing;

/// <summary>
/// Stores the Job's files by the plan's presigned PUT URLs, each with the content type it is served with. A refused
/// or lost PUT is tried again a few times (a presigned URL may be used until it expires); what still fails is an
/// <see cref="TranscodeFailureReason.UploadFailed"/>. Messages never carry a URL: each is a key.
/// </summary>
public sealed class PresignedStore(HttpClient http)
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
        })
        .Build();

    /// <summary>Stores the file at <paramref name="file"/> as <paramref name="name"/> says (its path among the outputs).</summary>
    public Task PutFileAsync(string url, string file, string name, CancellationToken cancellationToken) =>
        PutAsync(url, name, () => new StreamContent(File.OpenRead(file)), cancellationToken);

    public Task PutJsonAsync<T>(string url, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string name, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        return PutAsync(url, name, () => new ByteArrayContent(bytes), cancellationToken);
    }

    private async Task PutAsync(string url, string name, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Retry.ExecuteAsync(async token =>
            {
                using var body = content();
                body.Headers.ContentType = new MediaTypeHeaderValue(TranscodeOutputs.ContentType(name));
                return await http.PutAsync(new Uri(url), body, token);
            }, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TranscodeException(TranscodeFailureReason.UploadFailed, $"{name} could not be stored: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new TranscodeException(TranscodeFailureReason.UploadFailed, $"{name} could not be stored: the store answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
    }
}
