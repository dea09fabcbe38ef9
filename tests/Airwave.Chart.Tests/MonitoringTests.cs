using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>
/// The chart's alerts, as Prometheus' own rule tester evaluates them against series shaped as Airwave exports them, and
/// its dashboard as Grafana's sidecar finds it (its queries are checked against the running services in the webhook's tests).
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class MonitoringTests(ChartRenderer renderer) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-rules-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task The_rules_fire_when_and_only_when_their_conditions_hold_as_promtool_evaluates_them()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("metrics:\n  prometheusRule:\n    enabled: true\n    labels: {release: monitoring}\n")]);
        var rule = chart.Named("PrometheusRule", AirwaveChart.ReleaseName);
        Assert.Equal("monitoring", (string?)rule["metadata"]!["labels"]!["release"]);

        // JSON is YAML: the rendered groups are the rule file as Prometheus reads it.
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "rules.yaml"), rule["spec"]!.ToJsonString());
        var tests = Path.Combine(_directory.FullName, "airwave-rules-test.yaml");
        File.Copy(Repository.Path("tests", "Airwave.Chart.Tests", "rules", "airwave-rules-test.yaml"), tests);

        var check = await ProcessRunner.RunAsync("promtool", ["check", "rules", Path.Combine(_directory.FullName, "rules.yaml")], TimeSpan.FromSeconds(60));
        Assert.True(check.ExitCode == 0, check.ToString());
        var result = await ProcessRunner.RunAsync("promtool", ["test", "rules", tests], TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_prometheus_operator_asked_for_no_rule_and_no_dashboard_is_rendered()
    {
        var chart = await renderer.RenderMinimalAsync();

        Assert.DoesNotContain("PrometheusRule", chart.Kinds);
        Assert.DoesNotContain(chart.Documents, d => d.Name == AirwaveChart.ReleaseName + "-dashboard");
    }

    [Fact]
    public async Task The_dashboard_is_a_config_map_grafanas_sidecar_loads_holding_the_charts_dashboard_file()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("metrics:\n  grafanaDashboard:\n    enabled: true\n    namespace: monitoring\n    annotations: {grafana_folder: Airwave}\n")]);

        var map = chart.Named("ConfigMap", AirwaveChart.ReleaseName + "-dashboard");
        Assert.Equal("1", (string?)map["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.Equal("monitoring", (string?)map["metadata"]!["namespace"]);
        Assert.Equal("Airwave", (string?)map["metadata"]!["annotations"]!["grafana_folder"]);
        var file = await File.ReadAllTextAsync(Path.Combine(AirwaveChart.Directory, "dashboards", "airwave.json"));
        Assert.Equal(file.TrimEnd('\n'), (string?)map["data"]!["airwave.json"]);
        var dashboard = System.Text.Json.Nodes.JsonNode.Parse((string)map["data"]!["airwave.json"]!)!;
        Assert.Equal("airwave-overview", (string?)dashboard["uid"]);
        Assert.Equal("${datasource}", (string?)dashboard["panels"]![0]!["datasource"]!["uid"]);
    }
}
