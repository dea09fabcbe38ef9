using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>The chart's alerts, as Prometheus' own rule tester evaluates them against series shaped as Airwave exports them.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class PrometheusRuleTests(ChartRenderer renderer) : IDisposable
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
    public async Task Without_the_prometheus_operator_asked_for_no_rule_is_rendered()
    {
        var chart = await renderer.RenderMinimalAsync();

        Assert.DoesNotContain("PrometheusRule", chart.Kinds);
    }
}
