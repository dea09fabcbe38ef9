namespace Airwave.Testing;

/// <summary>The real /usr/bin/kubectl against the sandbox: its own kubeconfig and cache directory, never ~/.kube.</summary>
public sealed class Kubectl(string kubeconfigPath, string cacheDirectory)
{
    public const string Path = "/usr/bin/kubectl";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public IReadOnlyList<string> CommonArguments => ["--kubeconfig", kubeconfigPath, "--cache-dir", cacheDirectory, "--request-timeout", "20s"];

    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Path, [.. CommonArguments, .. arguments], ProcessTimeout);

    public Task<ProcessResult> RunWithInputAsync(string input, params string[] arguments) =>
        ProcessRunner.RunAsync(Path, [.. CommonArguments, .. arguments], ProcessTimeout, input);

    /// <summary>Runs kubectl and fails the test with its output unless it succeeds.</summary>
    public async Task<string> SucceedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)} failed: {result}");
        return result.StandardOutput;
    }

    /// <summary>kubectl with a long-running command (get -w): the caller reads its lines and disposes it.</summary>
    public RunningProcess Start(params string[] arguments) => RunningProcess.Start(Path, [.. CommonArguments, .. arguments]);
}
