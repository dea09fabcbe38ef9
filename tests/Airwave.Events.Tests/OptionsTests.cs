using Airwave.Events.Sinks;
using Microsoft.Extensions.Configuration;

namespace Airwave.Events.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void The_DOWNSTREAM_SERVICE_variables_define_the_default_sink_with_the_old_defaults()
    {
        var options = DownstreamOptions.From(Configuration(new()
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = "https://downstream.example/events",
            ["DOWNSTREAM_SERVICE_TOKEN"] = "t",
        }));

        var sink = Assert.Single(options.Sinks);
        Assert.Equal("default", sink.Name);
        Assert.Equal(new Uri("https://downstream.example/events"), sink.Url);
        Assert.Equal(TimeSpan.FromSeconds(10), sink.Timeout);
        Assert.Equal(3, sink.RetryAttempts);
        Assert.Equal(100, sink.BatchSize);
        Assert.True(options.EnableEvents && options.EnableAnalytics && options.Enabled);
    }

    [Fact]
    public void Disabled_downstream_service_and_no_sinks_publish_nothing()
    {
        var options = DownstreamOptions.From(Configuration(new() { ["DOWNSTREAM_SERVICE_ENABLED"] = "false", ["DOWNSTREAM_SERVICE_URL"] = "http://x" }));

        Assert.Empty(options.Sinks);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void An_enabled_service_without_a_url_is_a_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DownstreamOptions.From(Configuration(new() { ["DOWNSTREAM_SERVICE_ENABLED"] = "true" })));

        Assert.Contains("DOWNSTREAM_SERVICE_URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream.*", "", "stream.started", "team-a", true)]
    [InlineData("stream.live_*", "", "stream.started", "team-a", false)]
    [InlineData("", "team-*", "asset.ready", "team-b", true)]
    [InlineData("", "team-*", "asset.ready", "prod", false)]
    [InlineData("*.failed", "", "split.failed", "x", true)]
    public void Filters_match_types_and_namespaces_with_wildcards(string type, string @namespace, string eventType, string eventNamespace, bool accepted)
    {
        var filter = new SinkFilter(type.Length == 0 ? [] : [type], @namespace.Length == 0 ? [] : [@namespace, "default"]);

        Assert.Equal(accepted, filter.Accepts(eventType, eventNamespace));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
