using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Command;

/// <summary>The `airwave-sandbox` command as a user runs it.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-sandbox-command-").FullName;

    [Fact]
    public async Task Writes_the_kubeconfig_before_ready_serves_kubectl_and_exits_0_on_sigterm()
    {
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        var assembly = Path.Combine(AppContext.BaseDirectory, "airwave-sandbox.dll");
        await using var sandbox = RunningProcess.Start("dotnet", [assembly, "--kube-port", "0", "--kubeconfig", kubeconfig, "--api-only"]);

        var ready = await sandbox.ReadLineAsync(Timeout);
        var kubeconfigExistedWhenReady = File.Exists(kubeconfig);
        var urlLine = await sandbox.ReadLineAsync(Timeout);
        var kubectl = new Testing.Kubectl(kubeconfig, Path.Combine(_directory, "cache"));
        var namespaces = await kubectl.SucceedAsync("get", "namespaces", "-o", "name");
        var terminate = await ProcessRunner.RunAsync("/bin/kill", ["-TERM", sandbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Timeout);
        var exitCode = await sandbox.WaitForExitAsync(Timeout);

        Assert.Equal("Sandbox ready", ready);
        Assert.True(kubeconfigExistedWhenReady);
        Assert.Matches(@"Kubernetes API: http://127\.0\.0\.1:[1-9][0-9]*$", urlLine);
        Assert.Contains("namespace/default", namespaces, StringComparison.Ordinal);
        Assert.Equal(0, terminate.ExitCode);
        Assert.Equal(0, exitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
