using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Chart.Tests.Sandbox;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Chart.Tests;

/// <summary>The rendered chart as the real kubectl sees it: offline, and against an API server with a dry run.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class KubectlValidationTests(ChartRenderer renderer, SandboxApiServer sandbox) : IClassFixture<SandboxApiServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> ValuesSets => new() { "minimal install", "every-option.yaml", "webhook.yaml", "signaling.yaml", "signaling-sqlite.yaml" };

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public async Task Every_rendered_document_parses_as_a_Kubernetes_object_with_kubectl_local(string values)
    {
        var chart = await RenderAsync(values);

        var result = await ProcessRunner.RunAsync(
            Kubectl.Path,
            ["annotate", "--local", "-f", "-", "-o", "yaml", "airwave.dev/rendered=true", "--kubeconfig", "/dev/null"],
            Timeout,
            chart.Yaml);

        Assert.True(result.ExitCode == 0, result.ToString());
        var parsed = YamlReader.ReadDocuments(result.StandardOutput);
        Assert.Equal(chart.Documents.Select(d => (d.Kind, d.Name)), parsed.Select(p => ((string)p["kind"]!, (string)p["metadata"]!["name"]!)));
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public async Task The_kinds_the_API_server_serves_pass_a_server_side_dry_run(string values)
    {
        var chart = await RenderAsync(values);
        var served = await ServedKindsAsync();
        foreach (var @namespace in chart.Documents.Select(d => (string?)d.Manifest["metadata"]!["namespace"]).OfType<string>().Distinct())
        {
            // Applied, not created: both values sets use the release namespace.
            var manifest = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = @namespace } };
            var created = await sandbox.Kubectl.RunWithInputAsync(manifest.ToJsonString(), "apply", "-f", "-");
            Assert.True(created.ExitCode == 0, created.ToString());
        }

        var checkable = chart.Documents.Where(d => served.Contains(((string)d.Manifest["apiVersion"]!, d.Kind))).ToList();
        var result = await sandbox.Kubectl.RunWithInputAsync(
            // A stream of JSON objects, which kubectl reads one after another.
            string.Join("\n", checkable.Select(d => d.Manifest.ToJsonString())),
            "apply", "--dry-run=server", "-f", "-");

        Assert.True(result.ExitCode == 0, result.ToString());
        // The sandbox serves the core of the chart; RBAC, policy and monitoring kinds are checked once it serves them.
        Assert.Superset(
            new HashSet<string> { "CustomResourceDefinition", "ConfigMap", "Deployment", "Service", "ServiceAccount" },
            checkable.Select(d => d.Kind).ToHashSet());
        Assert.All(checkable, d => Assert.Contains($"{d.Name} created (server dry run)", result.StandardOutput, StringComparison.Ordinal));
    }

    private Task<RenderedChart> RenderAsync(string values) =>
        values == "minimal install"
            ? renderer.RenderMinimalAsync("--include-crds")
            : renderer.RenderAsync([AirwaveChart.ValuesFile(values)], "--include-crds");

    /// <summary>(apiVersion, kind) of every resource the server's discovery lists.</summary>
    private async Task<HashSet<(string ApiVersion, string Kind)>> ServedKindsAsync()
    {
        var output = await sandbox.Kubectl.SucceedAsync("api-resources", "--no-headers");
        // Columns: NAME [SHORTNAMES] APIVERSION NAMESPACED KIND; SHORTNAMES may be blank, so read from the end.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(columns => (columns[^3], columns[^1]))
            .ToHashSet();
    }
}
