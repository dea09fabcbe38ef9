using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Airwave.Telemetry.Tests;

/// <summary>How a program's spans reach a collector: over OTLP to the configured endpoint, and not at all without one.</summary>
public sealed class OtlpTracingTests
{
    [Fact]
    public async Task Spans_of_Airwaves_sources_go_to_the_configured_OTLP_endpoint_with_the_service_name()
    {
        await using var collector = await Collector.StartAsync();
        var configuration = Configuration(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var services = new ServiceCollection().AddSingleton(configuration).AddOtlpTracing(configuration, "airwave-test-service");
        await using (var provider = services.BuildServiceProvider())
        {
            var tracing = provider.GetRequiredService<TracerProvider>();
            using (var source = new ActivitySource("Airwave.Tests"))
            using (source.StartActivity("reconcile widget"))
            {
            }

            Assert.True(tracing.ForceFlush(10_000));
        }

        var export = Assert.Single(collector.Received);
        Assert.Equal("/v1/traces", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);

        // Protobuf carries strings as they are: the span's name and the resource's service.name are in the body.
        Assert.Contains("reconcile widget", export.Body, StringComparison.Ordinal);
        Assert.Contains("airwave-test-service", export.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_traced()
    {
        var configuration = Configuration([]);
        await using var provider = new ServiceCollection().AddSingleton(configuration).AddOtlpTracing(configuration, "airwave-test-service").BuildServiceProvider();
        using var source = new ActivitySource("Airwave.Tests.Untraced");

        Assert.Null(provider.GetService<TracerProvider>());
        Assert.False(source.HasListeners());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed record Export(string Path, string? ContentType, string Body);

    /// <summary>An OTLP/HTTP receiver that keeps what it is sent.</summary>
    private sealed class Collector(WebApplication app) : IAsyncDisposable
    {
        public ConcurrentQueue<Export> Received { get; } = new();

        public string Address => app.Urls.First();

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector.Received.Enqueue(new Export(request.Path, request.ContentType, Encoding.UTF8.GetString(body.ToArray())));
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
