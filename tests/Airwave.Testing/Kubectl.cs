namespace Airwave.Testing;

/// <summary>The real /usr/bin/kubectl against the sandbox: its own kubeconfig and cache directory, never ~/.kube.</summary>
/// <param name="environment">Added to kubectl's environment (its feature switches, say).</param>
public sealed class Kubectl(string kubeconfigPath, string cacheDirectory, IReadOnlyDictionary<string, string>? environment = null)
{
    public const string Path = "/usr/bin/kubectl";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public IReadOnlyList<string> CommonArguments => ["--kubeconfig", kubeconfigPath, "--cache-dir", cacheDirectory, "--request-timeout", "20s"];

    /// <summary>This kubectl with <paramref name="name"/> set in its environment.</summary>
    public Kubectl With(string name, string value) =>
        new(kubeconfigPath, cacheDirectory, new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { [name] = value });

    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Path, [.. CommonArguments, .. arguments], ProcessTimeout, environment: environment);

    public Task<ProcessResult> RunWithInputAsync(string input, params string[] arguments) =>
        ProcessRunner.RunAsync(Path, [.. CommonArguments, .. arguments], ProcessTimeout, input, environment);

    /// <summary>Runs kubectl and fails the test with its output unless it succeeds.</summary>
    public async Task<string> SucceedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)} failed: {result}");
        return result.StandardOutput;
    }

    /// <summary>kubectl with a long-running command (get -w): the caller reads its lines and disposes it.</summary>
    public RunningProcess Start(params string[] arguments) => RunningProcess.Start(Path, [.. CommonArguments, .. arguments], environment);
}
