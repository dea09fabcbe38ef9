namespace Airwave.Testing;

/// <summary>
/// tests/chart-renderer, Helm's template rendering for tests (helm itself is not installable here), built from
/// Debian's Go packages in GOPATH mode, offline, into a temporary directory. Use it as a fixture: one build per run.
/// </summary>
public sealed class ChartRenderer : IAsyncLifetime
{
    private const string Go = "/usr/lib/go-1.23/bin/go";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-renderer-").FullName;

    /// <summary>charts/airwave.</summary>
    public static string AirwaveChart { get; } = Repository.Path("charts", "airwave");

    public string Executable => System.IO.Path.Combine(_directory, "chart-renderer");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Go), $"{Go} is missing: run tests/install-tools.sh");
        var build = await ProcessRunner.RunAsync(
            "/usr/bin/env",
            [
                "GOPATH=/usr/share/gocode", "GO111MODULE=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=",
                // A cache shared between runs: the first build compiles Sprig and friends, later ones reuse it.
                $"GOCACHE={System.IO.Path.Combine(System.IO.Path.GetTempPath(), "airwave-chart-renderer-gocache")}",
                Go, "build", "-C", Repository.Path("tests", "chart-renderer"), "-o", Executable, ".",
            ],
            BuildTimeout);
        Assert.True(build.ExitCode == 0, $"building the chart renderer failed: {build}");
    }

    /// <summary>
    /// Runs the renderer on a chart. Its flags: --name, --namespace, -f (repeatable), --include-crds,
    /// --kube-version, --api-versions (repeatable), --notes.
    /// </summary>
    public Task<ProcessResult> RunChartAsync(string chartDirectory, IEnumerable<string> arguments) =>
        ProcessRunner.RunAsync(Executable, ["--chart", chartDirectory, .. arguments], RenderTimeout);

    /// <summary>The rendered YAML stream, as `helm template` prints it; fails the test unless rendering succeeds.</summary>
    public async Task<string> RenderChartAsync(string chartDirectory, IEnumerable<string> arguments)
    {
        var result = await RunChartAsync(chartDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"rendering {chartDirectory} failed: {result}");
        return result.StandardOutput;
    }

    /// <summary>A values file with the given YAML, in this renderer's temporary directory.</summary>
    public string WriteValues(string yaml)
    {
        var path = System.IO.Path.Combine(_directory, $"values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
