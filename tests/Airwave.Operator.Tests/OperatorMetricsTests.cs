using System.Globalization;

namespace Airwave.Operator.Tests;

/// <summary>The operator's /metrics as promtool and a real Prometheus server see it, with streams being provisioned.</summary>
/// <remarks>
/// Meters are process-wide and the other test classes run sandboxes of their own in this process, so this class runs
/// alone (after them) and counts of shared instruments are checked as "at least".
/// </remarks>
[Collection(nameof(OperatorMetricsTests))]
public sealed class OperatorMetricsTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    [Fact]
    public async Task Metrics_pass_promtool_and_prometheus_answers_a_query_for_streams_by_phase()
    {
        using var timeout = new CancellationTokenSource(OperatorSandbox.Timeout);
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s?["status"]?["phase"]?.GetValue<string>() == "Running", "workshop-a Running");
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a?["status"]?["uploadUrl"] is not null, "intro waiting for its upload");

        var metricsUrl = new Uri(sandbox.Host.OperatorAddress!, "/metrics");
        using var http = new HttpClient();
        var body = await Eventually.MatchAsync(
            () => http.GetStringAsync(metricsUrl, timeout.Token),
            b => b.Contains("airwave_livestreams{phase=\"Running\"} 1", StringComparison.Ordinal) && b.Contains("airwave_videoassets{phase=\"WaitingForUpload\"} 1", StringComparison.Ordinal),
            OperatorSandbox.Timeout,
            "the Running stream counted");
        var promtool = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], OperatorSandbox.Timeout, body);

        Assert.True(promtool.ExitCode == 0 && promtool.StandardOutput.Length == 0 && promtool.StandardError.Length == 0, $"promtool: {promtool}\n--- scrape ---\n{body}");
        Assert.Matches(@"(?m)^airwave_livestream_provisioning_duration_seconds_count [1-9]", body);
        Assert.Matches(@"(?m)^airwave_aws_requests_total\{operation=""CreateChannel"",outcome=""success"",service=""medialive""\} [1-9]", body);
        Assert.Contains("# TYPE airwave_aws_request_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE airwave_workqueue_depth", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE airwave_videoassets gauge", body, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^airwave_mux_requests_total\{operation=""CreateUpload"",outcome=""success""\} [1-9]", body);
        Assert.Contains("# TYPE airwave_mux_request_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^airwave_videoassets\{phase=""Ready""\} \d+", body);

        using var prometheus = await PrometheusServer.StartAsync(metricsUrl, timeout.Token);
        var result = await Eventually.MatchAsync(
            () => prometheus.QueryAsync("sum(airwave_livestreams{phase=\"Running\"})", timeout.Token),
            r => r.GetArrayLength() > 0,
            OperatorSandbox.Timeout,
            "Prometheus has scraped the operator");
        var value = result[0].GetProperty("value")[1].GetString();
        Assert.Equal(1, double.Parse(value!, CultureInfo.InvariantCulture));
    }
}

[CollectionDefinition(nameof(OperatorMetricsTests), DisableParallelization = true)]
public sealed class OperatorMetricsRunAlone;
