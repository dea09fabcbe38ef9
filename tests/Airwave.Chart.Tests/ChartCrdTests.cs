using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using System.Text.Json.Nodes;

namespace Airwave.Chart.Tests;

/// <summary>The chart installs exactly the CRDs the repository generates into crds/.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class ChartCrdTests(ChartRenderer renderer)
{
    private static readonly string RootCrds = Repository.Path("crds");
    private static readonly string ChartCrds = Path.Combine(AirwaveChart.Directory, "crds");

    [Fact]
    public void The_chart_crds_folder_holds_the_same_files_as_the_repository_crds_folder()
    {
        var root = Directory.GetFiles(RootCrds, "*.yaml").Select(Path.GetFileName).Order().ToList();
        var chart = Directory.GetFiles(ChartCrds).Select(Path.GetFileName).Order().ToList();

        Assert.NotEmpty(root);
        Assert.Equal(root, chart);
        Assert.All(root, file => Assert.True(
            File.ReadAllBytes(Path.Combine(RootCrds, file!)).SequenceEqual(File.ReadAllBytes(Path.Combine(ChartCrds, file!))),
            $"charts/airwave/crds/{file} differs from crds/{file}: copy it again (cp crds/*.yaml charts/airwave/crds/)"));
    }

    [Fact]
    public async Task The_rendered_crds_equal_the_repository_crds_and_come_before_the_templates()
    {
        var chart = await renderer.RenderMinimalAsync("--include-crds");
        var rendered = chart.Documents.Where(d => d.Kind == "CustomResourceDefinition").ToDictionary(d => d.Name, d => d.Manifest);
        var expected = Directory.GetFiles(RootCrds, "*.yaml").Select(f => YamlReader.Read(File.ReadAllText(f))!.AsObject()).ToList();

        Assert.Equal(expected.Select(c => (string)c["metadata"]!["name"]!).Order(), rendered.Keys.Order());
        Assert.All(expected, crd => Assert.True(JsonNode.DeepEquals(crd, rendered[(string)crd["metadata"]!["name"]!]), $"{crd["metadata"]!["name"]} differs"));
        Assert.All(chart.Documents.Take(expected.Count), d => Assert.StartsWith("airwave/crds/", d.Source, StringComparison.Ordinal));
        Assert.DoesNotContain("CustomResourceDefinition", (await renderer.RenderMinimalAsync()).Kinds);
    }
}
