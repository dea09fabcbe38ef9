using System.Net;
using System.Text;

namespace Airwave.Mux.Tests;

/// <summary>
/// Which failed calls are repeated: rate limiting always (after Retry-After), 5xx only where repeating is safe, since a
/// repeated POST would make a second upload or asset.
/// </summary>
public sealed class MuxRetryTests
{
    private const string AssetJson = """{"data":{"id":"a1","status":"ready"}}""";

    [Fact]
    public async Task Rate_limited_calls_are_repeated_after_the_wait_mux_asks_for()
    {
        var handler = new ScriptedHandler(
            (HttpStatusCode.TooManyRequests, """{"error":{"type":"too_many_requests","messages":["Too many requests"]}}""", TimeSpan.FromSeconds(1)),
            (HttpStatusCode.Created, """{"data":{"id":"u1","status":"waiting","timeout":3600}}""", null));

        var upload = await Client(handler).CreateUploadAsync(new Video.DirectUploadRequest { CorsOrigin = "*" }, CancellationToken.None);

        Assert.Equal("u1", upload.Id);
        Assert.Equal(2, handler.Calls.Count);
        Assert.True(handler.Calls[1].At - handler.Calls[0].At >= TimeSpan.FromMilliseconds(900), "the second call waited for Retry-After: 1");
    }

    [Fact]
    public async Task A_server_error_is_repeated_for_a_read_but_not_for_a_create()
    {
        var reads = new ScriptedHandler((HttpStatusCode.BadGateway, "<html>bad gateway</html>", null), (HttpStatusCode.OK, AssetJson, null));
        var creates = new ScriptedHandler((HttpStatusCode.InternalServerError, """{"error":{"type":"internal","messages":["oops"]}}""", null), (HttpStatusCode.Created, AssetJson, null));

        var asset = await Client(reads).GetAssetAsync("a1", CancellationToken.None);
        var failed = await Assert.ThrowsAsync<MuxApiException>(() => Client(creates).CreateAssetAsync(new Video.AssetSettings(), CancellationToken.None));

        Assert.Equal("ready", asset.Status);
        Assert.Equal(2, reads.Calls.Count);
        Assert.Single(creates.Calls);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(["oops"], failed.Messages);
    }

    private static MuxClient Client(HttpMessageHandler handler) =>
        new(new HttpClient(handler), new MuxClientOptions { BaseAddress = new Uri("http://127.0.0.1:9/"), BaseDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 3 }, new MuxCredentials("id", "secret"));

    /// <summary>Answers each call with the next scripted response and records when it came.</summary>
    private sealed class ScriptedHandler(params (HttpStatusCode Status, string Body, TimeSpan? RetryAfter)[] script) : HttpMessageHandler
    {
        public List<(string Path, DateTimeOffset At)> Calls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body, retryAfter) = script[Math.Min(Calls.Count, script.Length - 1)];
            Calls.Add((request.RequestUri!.AbsolutePath, DateTimeOffset.UtcNow));
            Assert.Equal("Basic", request.Headers.Authorization?.Scheme);
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (retryAfter is { } wait)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
            }

            return Task.FromResult(response);
        }
    }
}
