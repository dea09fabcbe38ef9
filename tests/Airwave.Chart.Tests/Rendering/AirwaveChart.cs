namespace Airwave.Chart.Tests.Rendering;

/// <summary>charts/airwave rendered as `helm template airwave charts/airwave -n airwave [-f values...]`.</summary>
public static class AirwaveChart
{
    public const string ReleaseName = "airwave";
    public const string ReleaseNamespace = "airwave";

    public static string Directory => ChartRenderer.AirwaveChart;

    public static Task<ProcessResult> RunAsync(this ChartRenderer renderer, IEnumerable<string> valuesFiles, params string[] flags) =>
        renderer.RunChartAsync(Directory, ["--name", ReleaseName, "--namespace", ReleaseNamespace, .. valuesFiles.SelectMany(f => new[] { "-f", f }), .. flags]);

    public static async Task<RenderedChart> RenderAsync(this ChartRenderer renderer, IEnumerable<string> valuesFiles, params string[] flags)
    {
        var result = await renderer.RunAsync(valuesFiles, flags);
        Assert.True(result.ExitCode == 0, $"rendering failed: {result}");
        return RenderedChart.Parse(result.StandardOutput);
    }

    public static Task<RenderedChart> RenderDefaultsAsync(this ChartRenderer renderer, params string[] flags) => renderer.RenderAsync([], flags);

    public static Task<RenderedChart> RenderEveryOptionAsync(this ChartRenderer renderer, params string[] flags) =>
        renderer.RenderAsync([ValuesFile("every-option.yaml")], flags);

    /// <summary>A values file committed under values/.</summary>
    public static string ValuesFile(string name) => Path.Combine(AppContext.BaseDirectory, "values", name);
}
