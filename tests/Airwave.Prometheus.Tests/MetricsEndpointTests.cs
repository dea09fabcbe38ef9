using System.Diagnostics;
using System.Net;
using Airwave.Prometheus.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Airwave.Prometheus.Tests;

/// <summary>/metrics as scrapers and promtool see it, from a real Kestrel app.</summary>
public class MetricsEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Metrics_endpoint_serves_the_text_format_with_domain_process_and_runtime_metrics()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await MetricsApp.StartAsync(timeout.Token);
        app.Domain.RecordTypicalActivity();
        using var http = new HttpClient { Timeout = Timeout };

        using var response = await http.GetAsync(app.MetricsUrl, timeout.Token);
        var scrape = new Scrape(await response.Content.ReadAsStringAsync(timeout.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(3, scrape.Sum("airwave_reconciles_total", ("kind", "LiveStream"), ("outcome", "success")));
        var error = Assert.Single(scrape.Samples, s => s.Name == "airwave_reconciles_total" && s.Labels.GetValueOrDefault("outcome") == "error");
        Assert.Equal("Throttling: \"Rate exceeded\"\nretrying", error.Labels["reason"]);
        Assert.Equal(2, scrape.Sum("airwave_livestreams", ("phase", "Running")));
        Assert.Equal(3, scrape.Sum("airwave_aws_call_duration_seconds_bucket", ("service", "MediaLive"), ("le", "+Inf")));
        Assert.Equal(2, scrape.Sum("airwave_aws_call_duration_seconds_bucket", ("service", "MediaLive"), ("le", "0.5")));
        Assert.True(scrape.Sum("process_cpu_seconds_total") > 0, "the process's CPU time is served");
        Assert.True(scrape.Sum("process_working_set_bytes") > 0, "the process's memory is served");
        Assert.Contains(scrape.Samples, s => s.Name == "dotnet_collection_count_total");
    }

    [Fact]
    public async Task A_scraper_that_asks_for_OpenMetrics_gets_it()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await MetricsApp.StartAsync(timeout.Token);
        app.Domain.RecordTypicalActivity();
        using var http = new HttpClient { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, app.MetricsUrl);
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        using var response = await http.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1.0.0", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        Assert.Contains("# TYPE airwave_reconciles counter\n", body, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_OpenMetrics_a_count_made_inside_a_trace_carries_its_trace_id()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await MetricsApp.StartAsync(timeout.Token);
        using var source = new ActivitySource($"Airwave.Tests.{Guid.NewGuid():N}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string traceId;
        using (var reconcile = source.StartActivity("reconcile"))
        {
            traceId = reconcile!.TraceId.ToHexString();
            app.Domain.RecordTypicalActivity();
        }

        using var http = new HttpClient { Timeout = Timeout };
        var body = await http.GetStringAsync(new Uri(app.MetricsUrl, "?accept=application/openmetrics-text"), timeout.Token);

        Assert.Matches($$"""(?m)^airwave_reconciles_total\{kind="LiveStream",outcome="success"[^}]*\} 3(\.0)? # \{trace_id="{{traceId}}",span_id="[0-9a-f]{16}"\}""", body);
    }

    [Fact]
    public async Task Promtool_finds_no_problem_in_a_realistic_scrape()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await MetricsApp.StartAsync(timeout.Token);
        app.Domain.RecordTypicalActivity();
        using var http = new HttpClient { Timeout = Timeout };

        var body = await http.GetStringAsync(app.MetricsUrl, timeout.Token);
        var promtool = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], Timeout, body);

        Assert.True(
            promtool.ExitCode == 0 && promtool.StandardOutput.Length == 0 && promtool.StandardError.Length == 0,
            $"promtool check metrics exited {promtool.ExitCode}:\n{promtool.StandardOutput}{promtool.StandardError}\n--- scrape ---\n{body}");
        Assert.Contains("# TYPE airwave_aws_call_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoint_answers_reads_only()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await MetricsApp.StartAsync(timeout.Token);
        using var http = new HttpClient { Timeout = Timeout };

        using var post = await http.PostAsync(app.MetricsUrl, new StringContent("x"), timeout.Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public void Mapping_the_endpoint_without_registering_the_metrics_says_what_is_missing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPrometheusMetrics());

        Assert.Contains("AddPrometheusMetrics", error.Message, StringComparison.Ordinal);
    }
}
