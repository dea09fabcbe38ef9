using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>
/// The renderer behaves as `helm template` on the Helm features charts use, shown on the small chart in
/// charts/helm-features, so the chart tests can trust what it prints.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class ChartRendererTests(ChartRenderer renderer)
{
    private static readonly string FeaturesChart = Path.Combine(AppContext.BaseDirectory, "charts", "helm-features");

    [Fact]
    public async Task Templates_see_the_chart_release_capabilities_and_template_and_helm_functions_work()
    {
        var data = await RenderDataAsync(["--name", "rel", "--namespace", "ns"]);

        Assert.Equal("helm-features 1.2.3 4.5", data["chart"]);
        Assert.Equal("Helm ns true", data["release"]);
        Assert.Equal("v1.32.0 32", data["kube"]);
        Assert.Equal(("true", "false"), (data["hasPolicy"], data["hasMonitoring"]));
        Assert.Equal("hello from rel", data["tpl"]);
        Assert.Equal("hello", data["required"]);
        Assert.Equal("1", data["fromYaml"]);
        Assert.Equal("0", data["lookup"]);
        Assert.Equal(string.Empty, data["missing"]);
        Assert.Equal("helm-features/templates/features.yaml", data["template"]);
    }

    [Fact]
    public async Task Values_files_merge_maps_deeply_replace_lists_and_remove_keys_set_to_null()
    {
        var values = renderer.WriteValues("greeting: hi\nnested:\n  replaced: override\n  removed: null\nlist: [c]\n");

        var data = await RenderDataAsync(["-f", values, "--api-versions", "monitoring.coreos.com/v1"]);

        Assert.Equal("""{"kept":"base","replaced":"override"}""", data["nested"]);
        Assert.Equal("""["c"]""", data["list"]);
        Assert.Equal("hi from rel", data["tpl"]);
        Assert.Equal("true", data["hasMonitoring"]);
    }

    [Fact]
    public async Task Empty_templates_are_left_out_and_each_document_names_its_source()
    {
        var result = await renderer.RunChartAsync(FeaturesChart, []);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["helm-features/templates/features.yaml"], RenderedChart.Parse(result.StandardOutput).Documents.Select(d => d.Source));
    }

    [Fact]
    public async Task Fail_and_required_stop_rendering_with_their_message()
    {
        var failed = await renderer.RunChartAsync(FeaturesChart, ["-f", renderer.WriteValues("fail: true\n")]);
        var missing = await renderer.RunChartAsync(FeaturesChart, ["-f", renderer.WriteValues("greeting: null\n")]);

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("asked to fail", failed.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("greeting is required", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_older_than_the_charts_kubeVersion_is_refused()
    {
        var result = await renderer.RunChartAsync(FeaturesChart, ["--kube-version", "v1.26.5"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("chart requires kubeVersion: >=1.27.0-0 which is incompatible with Kubernetes v1.26.5", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_render_with_the_chart_helpers()
    {
        var result = await renderer.RunChartAsync(FeaturesChart, ["--name", "rel", "--notes"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Notes for helm-features-rel.", result.StandardOutput.Trim());
    }

    private async Task<Dictionary<string, string>> RenderDataAsync(IEnumerable<string> arguments)
    {
        var result = await renderer.RunChartAsync(FeaturesChart, ["--name", "rel", .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var configMap = RenderedChart.Parse(result.StandardOutput).One("ConfigMap");
        return configMap["data"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
    }
}
