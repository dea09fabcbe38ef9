using Airwave.Configuration;
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
        var error = Assert.Throws<SettingException>(() => DownstreamOptions.From(Configuration(new() { ["DOWNSTREAM_SERVICE_ENABLED"] = "true" })));

        Assert.Contains("DOWNSTREAM_SERVICE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_values_the_chart_renders_are_the_values_the_publisher_reads()
    {
        // What `helm install --set downstream.enabled=true` puts in the Deployment's environment.
        var options = DownstreamOptions.From(Configuration(new()
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = "https://events.example.com/ingest",
            ["DOWNSTREAM_SERVICE_TIMEOUT"] = "10s",
            ["DOWNSTREAM_SERVICE_RETRY_ATTEMPTS"] = "3",
            ["DOWNSTREAM_SERVICE_BATCH_SIZE"] = "100",
            ["DOWNSTREAM_SERVICE_FORMAT"] = "cloudevents",
            ["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"] = "false",
            ["DOWNSTREAM_SERVICE_ENABLE_EVENTS"] = "true",
        }));

        var sink = Assert.Single(options.Sinks);
        Assert.Equal(TimeSpan.FromSeconds(10), sink.Timeout);
        Assert.True(options.EnableEvents);
        Assert.False(options.EnableAnalytics);
    }

    [Theory]
    [InlineData("10", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m", 60_000)]
    public void Timeouts_are_seconds_or_durations_with_a_unit(string timeout, int milliseconds)
    {
        var options = DownstreamOptions.From(Configuration(new()
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "YES",
            ["DOWNSTREAM_SERVICE_URL"] = "https://events.example.com/ingest",
            ["DOWNSTREAM_SERVICE_TIMEOUT"] = timeout,
        }));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Assert.Single(options.Sinks).Timeout);
    }

    [Theory]
    [InlineData("DOWNSTREAM_SERVICE_TIMEOUT", "ten", "a duration")]
    [InlineData("DOWNSTREAM_SERVICE_ENABLE_EVENTS", "on", "one of true, false")]
    [InlineData("DOWNSTREAM_SERVICE_BATCH_SIZE", "0", "a whole number of at least 1")]
    [InlineData("DOWNSTREAM_SERVICE_RETRY_ATTEMPTS", "three", "a whole number")]
    [InlineData("DOWNSTREAM_SERVICE_URL", "events.example.com", "an absolute http or https URL")]
    [InlineData("DOWNSTREAM_SERVICE_FORMAT", "json", "cloudevents or plain")]
    public void A_bad_value_is_one_error_naming_the_variable_and_the_value(string variable, string value, string expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = "https://events.example.com/ingest",
        };
        values[variable] = value;

        var error = Assert.Throws<SettingException>(() => DownstreamOptions.From(Configuration(values)));

        Assert.StartsWith($"setting {variable} is \"{value}\", which is not {expected}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, EventFormat.CloudEvents)]
    [InlineData("plain", EventFormat.Plain)]
    [InlineData("CloudEvents", EventFormat.CloudEvents)]
    public void The_format_is_cloudevents_unless_the_integrations_plain_payloads_are_asked_for(string? format, EventFormat expected)
    {
        var options = DownstreamOptions.From(Configuration(new()
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = "https://events.example.com/ingest",
            ["DOWNSTREAM_SERVICE_FORMAT"] = format,
            ["Downstream:Sinks:1:Name"] = "audit",
            ["Downstream:Sinks:1:Url"] = "https://audit.example.com/events",
            ["Downstream:Sinks:1:Format"] = "Plain",
        }));

        Assert.Equal(expected, options.Sinks.Single(s => s.Name == DownstreamOptions.DefaultSinkName).Format);
        Assert.Equal(EventFormat.Plain, options.Sinks.Single(s => s.Name == "audit").Format);
    }

    [Fact]
    public void A_sink_whose_timeout_does_not_convert_is_an_error_rather_than_a_sink_that_quietly_disappears()
    {
        var error = Assert.Throws<SettingException>(() => DownstreamOptions.From(Configuration(new()
        {
            ["Downstream:Sinks:0:Name"] = "audit",
            ["Downstream:Sinks:0:Url"] = "https://audit.example.com/events",
            ["Downstream:Sinks:0:Timeout"] = "a while",
        })));

        Assert.StartsWith("setting Downstream:Sinks:0:Timeout is \"a while\"", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public void Retries_wait_between_half_and_all_of_a_doubling_delay_up_to_the_cap_or_what_the_receiver_asked()
    {
        var options = new DownstreamOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) };
        var afterThree = Enumerable.Range(0, 200).Select(_ => options.RetryDelay(3)).ToList();
        Assert.All(Enumerable.Range(0, 200), _ => Assert.InRange(options.RetryDelay(1), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)));
        Assert.All(afterThree, delay => Assert.InRange(delay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)));
        Assert.True(afterThree.Distinct().Count() > 1, "retries that failed together are spread");
        Assert.All(Enumerable.Range(0, 200), _ => Assert.InRange(options.RetryDelay(40), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(7), options.RetryDelay(2, retryAfter: TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(2, retryAfter: TimeSpan.FromHours(1)));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
