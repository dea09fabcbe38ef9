using System.Diagnostics;
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
        await using var collector = await OtlpCollector.StartAsync();
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

        var span = Assert.Single(OtlpSpan.ReadExport(export.Body));
        Assert.Equal(("reconcile widget", "airwave-test-service"), (span.Name, span.ServiceName));
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
}
