using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Airwave.Webhook.Tests;

/// <summary>What a tracing backend shows of the webhook service: its requests, in their callers' traces, with the API calls they made.</summary>
public sealed class RequestTracingTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>
{
    private const string CallerSpan = "00f067aa0ba902b7";

    [Fact]
    public async Task A_request_continues_its_callers_trace_and_its_token_review_is_part_of_it()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "player", "-n", ns);
        var token = (await sandbox.Kubectl.SucceedAsync("create", "token", "player", "-n", ns, "--audience=airwave-playback")).Trim();
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, "/v1/playback-tokens"))
        {
            Content = new StringContent($$"""{"namespace": "{{ns}}", "name": "absent"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("traceparent", $"00-{traceId}-{CallerSpan}-01");

        using var response = await http.SendAsync(request);

        // Allowed to get nothing there: refused, after the token and access reviews.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var trace = await Eventually.MatchAsync(
            () => sandbox.Traces.Trace(traceId),
            spans => spans.Any(s => s.ParentSpanId == CallerSpan),
            CallbackSandbox.Timeout,
            "the request's span at the collector");

        // The request's span continues the caller's; the reviews it asked the API server for are its children.
        var served = Assert.Single(trace, s => s.ParentSpanId == CallerSpan);
        Assert.Equal(("POST /v1/playback-tokens", OtlpSpan.Server, "airwave-webhook"), (served.Name, served.Kind, served.ServiceName));
        var reviews = trace.Where(s => s.Kind == OtlpSpan.Client).ToList();
        Assert.Equal(2, reviews.Count);
        Assert.All(reviews, review => Assert.Equal(("kubernetes create", served.SpanId), (review.Name, review.ParentSpanId)));
    }

    [Fact]
    public async Task Probes_and_scrapes_are_not_traced()
    {
        using var http = new HttpClient();
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        foreach (var path in new[] { "/healthz", "/readyz", "/metrics" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.ManagementUrl, path));
            request.Headers.Add("traceparent", $"00-{traceId}-{CallerSpan}-01");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A request that is traced, after them: once its span is at the collector, theirs would be too.
        var marker = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using (var callback = new HttpRequestMessage(HttpMethod.Post, sandbox.CallbackUrl) { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            callback.Headers.Add("traceparent", $"00-{marker}-00f067aa0ba902b7-01");
            using var refused = await http.SendAsync(callback);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await Eventually.MatchAsync(() => sandbox.Traces.Trace(marker), spans => spans.Any(s => s.Kind == OtlpSpan.Server), CallbackSandbox.Timeout, "the callback's span at the collector");
        Assert.Empty(sandbox.Traces.Trace(traceId));
    }
}
