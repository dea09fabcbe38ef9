using Airwave.Prometheus.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Airwave.Prometheus.Tests;

/// <summary>/metrics as Prometheus and promtool see it, from a real Kestrel app.</summary>
public class MetricsEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Metrics_endpoint_serves_the_text_format_with_domain_and_runtime_metrics()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var domain = new SampleDomainMetrics();
        await using var app = await MetricsApp.StartAsync(options => options.Meters.Add(domain.MeterName), timeout.Token);
        domain.RecordTypicalActivity();
        using var http = new HttpClient { Timeout = Timeout };

        using var response = await http.GetAsync(app.MetricsUrl, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(3, Exposition.Value(body, "airwave_reconciles_total", "kind=\"LiveStream\",outcome=\"success\""));
        Assert.Equal(2, Exposition.Value(body, "airwave_livestreams", "phase=\"Running\""));
        var names = Exposition.Samples(body).Select(s => s.Name).ToHashSet();
        Assert.Contains("dotnet_process_cpu_time_seconds_total", names);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", names);
    }

    [Fact]
    public async Task Promtool_finds_no_problem_in_a_realistic_scrape()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var domain = new SampleDomainMetrics();
        await using var app = await MetricsApp.StartAsync(
            options =>
            {
                options.Meters.Add(domain.MeterName);
                options.Meters.Add("Microsoft.AspNetCore.*");
                options.Meters.Add("System.Net.*");
            },
            timeout.Token);
        domain.RecordTypicalActivity();
        using var http = new HttpClient { Timeout = Timeout };
        await http.GetStringAsync(app.BaseAddress, timeout.Token);
        await http.GetStringAsync(app.MetricsUrl, timeout.Token);

        var body = await http.GetStringAsync(app.MetricsUrl, timeout.Token);
        var promtool = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], Timeout, body);

        Assert.True(
            promtool.ExitCode == 0 && promtool.StandardOutput.Length == 0 && promtool.StandardError.Length == 0,
            $"promtool check metrics exited {promtool.ExitCode}:\n{promtool.StandardOutput}{promtool.StandardError}\n--- scrape ---\n{body}");
        Assert.Contains("# TYPE airwave_aws_call_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_the_endpoint_without_registering_the_exporter_says_what_is_missing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPrometheusMetrics());

        Assert.Contains("AddPrometheusExporter", error.Message, StringComparison.Ordinal);
    }
}
