namespace Airwave.Chart.Tests.Rendering;

/// <summary>
/// tests/chart-renderer (Helm's template semantics, since helm itself is not installable here), built once per
/// test run from Debian's Go packages in GOPATH mode, offline.
/// </summary>
public sealed class ChartRenderer : IAsyncLifetime
{
    public const string ReleaseName = "airwave";
    public const string ReleaseNamespace = "airwave";

    private const string Go = "/usr/lib/go-1.23/bin/go";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-tests-").FullName;

    public static string ChartDirectory { get; } = Repository.Path("charts", "airwave");

    public string Executable => Path.Combine(_directory, "chart-renderer");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Go), $"{Go} is missing: run tests/install-tools.sh");
        var build = await ProcessRunner.RunAsync(
            "/usr/bin/env",
            [
                "GOPATH=/usr/share/gocode", "GO111MODULE=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=",
                // A cache shared between runs: the first build compiles Sprig and friends, later ones reuse it.
                $"GOCACHE={Path.Combine(Path.GetTempPath(), "airwave-chart-renderer-gocache")}",
                Go, "build", "-C", Repository.Path("tests", "chart-renderer"), "-o", Executable, ".",
            ],
            BuildTimeout);
        Assert.True(build.ExitCode == 0, $"building the chart renderer failed: {build}");
    }

    /// <summary>Renders the chart as `helm template airwave charts/airwave -n airwave` with the given values files and flags.</summary>
    public Task<ProcessResult> RunAsync(IEnumerable<string> valuesFiles, params string[] flags) =>
        RunChartAsync(ChartDirectory, ["--name", ReleaseName, "--namespace", ReleaseNamespace, .. valuesFiles.SelectMany(f => new[] { "-f", f }), .. flags]);

    /// <summary>Renders any chart with the renderer's own flags.</summary>
    public Task<ProcessResult> RunChartAsync(string chartDirectory, IEnumerable<string> arguments) =>
        ProcessRunner.RunAsync(Executable, ["--chart", chartDirectory, .. arguments], RenderTimeout);

    /// <summary>Renders and fails the test unless rendering succeeds.</summary>
    public async Task<RenderedChart> RenderAsync(IEnumerable<string> valuesFiles, params string[] flags)
    {
        var result = await RunAsync(valuesFiles, flags);
        Assert.True(result.ExitCode == 0, $"rendering failed: {result}");
        return RenderedChart.Parse(result.StandardOutput);
    }

    public Task<RenderedChart> RenderDefaultsAsync(params string[] flags) => RenderAsync([], flags);

    public Task<RenderedChart> RenderEveryOptionAsync(params string[] flags) => RenderAsync([ValuesFile("every-option.yaml")], flags);

    public static string ValuesFile(string name) => Path.Combine(AppContext.BaseDirectory, "values", name);

    /// <summary>A values file with the given YAML, in this run's temporary directory.</summary>
    public string WriteValues(string yaml)
    {
        var path = Path.Combine(_directory, $"values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
