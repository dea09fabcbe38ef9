using System.Net;

namespace Airwave.Signaling.Tests;

/// <summary>What a tracing backend shows of the signaling service: its HTTP requests, in their callers' traces; not its WebSockets.</summary>
public sealed class RequestTracingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-signaling-tracing-");
    private OtlpCollector _collector = null!;
    private SignalingServer _server = null!;

    public async Task InitializeAsync()
    {
        _collector = await OtlpCollector.StartAsync();
        _server = await SignalingServer.StartAsync(_folder.FullName, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _collector.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_request_continues_its_callers_trace_and_a_pages_WebSocket_is_not_traced()
    {
        var site = await TestSite.CreateAsync(_server);
        var (page, _) = await PageSocket.HelloAsync(_server, site, "broadcaster", "alice");
        await page.DisposeAsync();

        // After the page left: once this request's span is at the collector, the socket's would be too.
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites/");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await _server.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await Eventually.MatchAsync(() => _collector.Trace(traceId), spans => spans.Any(s => s.ParentSpanId == "00f067aa0ba902b7"), Patience, "the request's span at the collector");
        var served = Assert.Single(trace, s => s.ParentSpanId == "00f067aa0ba902b7");
        Assert.Equal((OtlpSpan.Server, "airwave-signaling"), (served.Kind, served.ServiceName));
        Assert.StartsWith("GET /api/v1/sites", served.Name, StringComparison.Ordinal);
        Assert.DoesNotContain(_collector.Spans, span => span.Name.Contains("/ws/v1", StringComparison.Ordinal) || span.Attributes.GetValueOrDefault("url.path") == "/ws/v1");
    }
}
