using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Airwave.Testing;

/// <summary>An OTLP/HTTP receiver on 127.0.0.1, as a tracing backend's collector: it keeps every export it is sent.</summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app) => _app = app;

    public ConcurrentQueue<OtlpExport> Received { get; } = new();

    /// <summary>The base address to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Address => _app.Urls.First();

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector.Received.Enqueue(new OtlpExport(request.Path, request.ContentType, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. Received.SelectMany(export => OtlpSpan.ReadExport(export.Body))];

    /// <summary>The spans received so far of the trace with this W3C trace id (32 hex digits).</summary>
    public IReadOnlyList<OtlpSpan> Trace(string traceId) => [.. Spans.Where(span => span.TraceId == traceId)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One export request a collector received.</summary>
public sealed record OtlpExport(string Path, string? ContentType, byte[] Body);
