using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Kubernetes;

namespace Airwave.Operator.Tests.Hosting;

/// <summary>
/// `airwave-operator run --config FILE` as its own process: AIRWAVE_-prefixed environment variables override the
/// file, as the README and the option's help say. The Lease the operator takes shows which lease name it read.
/// </summary>
public sealed class ConfigurationPrecedenceTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-precedence-").FullName;
    private KubernetesApiServer _server = null!;
    private Kubectl _kubectl = null!;
    private string _kubeconfig = null!;
    private string _configFile = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Port = 0 }, CancellationToken.None);
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_directory, "sandbox.kubeconfig"));
        _kubectl = new Kubectl(_kubeconfig, Path.Combine(_directory, "kubectl-cache"));
        await _kubectl.SucceedAsync("apply", "-f", Repository.Path("crds"));
        _configFile = Path.Combine(_directory, "config.json");
        await File.WriteAllTextAsync(_configFile, """{ "LeaderElection": { "LeaseName": "from-file", "Namespace": "default" } }""");
    }

    [Fact]
    public async Task An_environment_variable_overrides_the_config_file()
    {
        await using var process = await StartReadyAsync(new Dictionary<string, string> { ["AIRWAVE_LeaderElection__LeaseName"] = "from-env" });

        await Eventually.MatchAsync(() => LeaseExistsAsync("from-env"), exists => exists, Timeout, "the Lease named by the environment is taken");
        Assert.False(await LeaseExistsAsync("from-file"), "the file's lease name was overridden");
    }

    [Fact]
    public async Task The_config_file_applies_where_the_environment_is_silent()
    {
        await using var process = await StartReadyAsync(new Dictionary<string, string>());

        await Eventually.MatchAsync(() => LeaseExistsAsync("from-file"), exists => exists, Timeout, "the Lease named by the file is taken");
    }

    private async Task<RunningProcess> StartReadyAsync(Dictionary<string, string> environment)
    {
        var port = LoopbackPorts.Reserve();
        var process = OperatorExecutable.Start(
            [ProgramBuild.Operator.Program, "run", "--config", _configFile, "--kubeconfig", _kubeconfig, "--urls", $"http://127.0.0.1:{port}"],
            environment,
            _directory);
        try
        {
            await OperatorExecutable.WaitReadyAsync(process, new Uri($"http://127.0.0.1:{port}"), Timeout);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> LeaseExistsAsync(string name) =>
        (await _kubectl.RunAsync("get", "lease", name, "-n", "default", "-o", "name")).ExitCode == 0;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
