using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Airwave.Chart.Tests.Rendering;

/// <summary>
/// charts/airwave rendered as `helm template airwave charts/airwave -n airwave` with the values of the chart README's
/// minimal install (its required settings), then the given values files.
/// </summary>
public static partial class AirwaveChart
{
    public const string ReleaseName = "airwave";
    public const string ReleaseNamespace = "airwave";

    public static string Directory => ChartRenderer.AirwaveChart;

    /// <summary>The `--set` values of the first `helm install` command in charts/airwave/README.md, as a values document.</summary>
    public static JsonObject MinimalInstallValues()
    {
        var readme = File.ReadAllText(Path.Combine(Directory, "README.md"));
        var command = HelmInstall().Match(readme);
        Assert.True(command.Success, "charts/airwave/README.md shows no helm install command");
        var values = new JsonObject();
        foreach (Match set in SetFlag().Matches(command.Value))
        {
            var path = set.Groups["key"].Value.Split('.');
            var node = values;
            foreach (var part in path[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[path[^1]] = set.Groups["value"].Value;
        }

        return values;
    }

    public static Task<ProcessResult> RunAsync(this ChartRenderer renderer, IEnumerable<string> valuesFiles, params string[] flags)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        var minimal = renderer.WriteValues(MinimalInstallValues().ToJsonString());
        return renderer.RunChartAsync(Directory, ["--name", ReleaseName, "--namespace", ReleaseNamespace, "-f", minimal, .. valuesFiles.SelectMany(f => new[] { "-f", f }), .. flags]);
    }

    public static async Task<RenderedChart> RenderAsync(this ChartRenderer renderer, IEnumerable<string> valuesFiles, params string[] flags)
    {
        var result = await renderer.RunAsync(valuesFiles, flags);
        Assert.True(result.ExitCode == 0, $"rendering failed: {result}");
        return RenderedChart.Parse(result.StandardOutput);
    }

    /// <summary>The minimal install: the chart's defaults and the README's required values.</summary>
    public static Task<RenderedChart> RenderMinimalAsync(this ChartRenderer renderer, params string[] flags) => renderer.RenderAsync([], flags);

    public static Task<RenderedChart> RenderEveryOptionAsync(this ChartRenderer renderer, params string[] flags) =>
        renderer.RenderAsync([ValuesFile("every-option.yaml")], flags);

    /// <summary>A values file committed under values/.</summary>
    public static string ValuesFile(string name) => Path.Combine(AppContext.BaseDirectory, "values", name);

    // The command and its continuation lines (ending in a backslash).
    [GeneratedRegex(@"helm install airwave charts/airwave(?:[^\n]*\\\n)*[^\n]*")]
    private static partial Regex HelmInstall();

    [GeneratedRegex(@"--set (?<key>[\w.]+)=(?<value>\S+)")]
    private static partial Regex SetFlag();
}
