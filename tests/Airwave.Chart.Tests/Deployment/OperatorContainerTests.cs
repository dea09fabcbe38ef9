using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using System.Text.RegularExpressions;
using Airwave.Sandbox;

namespace Airwave.Chart.Tests.Deployment;

/// <summary>
/// The chart rendered and applied to the sandbox (its RBAC-enforcing API server and AWS emulator, without its own
/// operator), and the operator executable started with exactly the command, arguments and environment of the
/// rendered Deployment's container, authenticated as the chart's ServiceAccount: what `helm install` would run,
/// until the sandbox runs pods itself.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed partial class OperatorContainerTests(ChartRenderer renderer) : IAsyncLifetime
{
    private const string PodName = "airwave-operator-5d8f7c9b4-x7k2p";
    private const string TokenSecretValue = "downstream-bearer-token";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-container-").FullName;
    private readonly List<RunningProcess> _processes = [];
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                NoOperator = true,
                KubeconfigPath = Path.Combine(_directory, "admin.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(100),
            },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
    }

    [Fact]
    public async Task The_chart_readmes_minimal_install_runs_the_first_stream_its_notes_give()
    {
        var rendered = await renderer.RunAsync([]);
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var manifests = YamlReader.ReadDocuments(rendered.StandardOutput);
        var file = Path.Combine(_directory, "minimal.yaml");
        await File.WriteAllTextAsync(file, YamlWriter.WriteDocuments(manifests));
        await _kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);
        await _kubectl.SucceedAsync("apply", "-f", file);

        // On AWS the pod gets its credentials from IRSA and calls AWS's own endpoints; here, the emulator's.
        var aws = _sandbox.Aws!;
        var port = OperatorExecutable.FreePort();
        var launch = await ContainerLaunch.ResolveAsync(manifests.Single(m => (string?)m["kind"] == "Deployment").AsObject(), PodName, port, Path.Combine(_directory, "volumes"), ReadAsync);
        var process = Start(launch, new Dictionary<string, string>
        {
            ["AIRWAVE_Aws__EndpointUrl"] = aws.BaseAddress.ToString(),
            ["AWS_ACCESS_KEY_ID"] = aws.Options.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = aws.Options.Credentials.SecretAccessKey,
        });
        await OperatorExecutable.WaitReadyAsync(process, new Uri($"http://127.0.0.1:{port}"), Timeout);

        var notes = await renderer.RunAsync([], "--notes");
        var stream = FirstStream().Match(notes.StandardOutput);
        Assert.True(stream.Success, $"the notes give no stream to apply:\n{notes.StandardOutput}");
        await _kubectl.SucceedAsync("create", "namespace", "streams");
        var applied = await _kubectl.RunWithInputAsync(stream.Groups[1].Value, "apply", "-n", "streams", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());

        await Eventually.MatchAsync(
            () => _kubectl.SucceedAsync("get", "livestream", "first-stream", "-n", "streams", "-o", "jsonpath={.status.phase}"),
            phase => phase == "Running",
            TimeSpan.FromMinutes(2),
            "the notes' stream runs on the minimal install");
        await _kubectl.SucceedAsync("delete", "livestream", "first-stream", "-n", "streams", "--wait=false");
        await Eventually.MatchAsync(
            () => _kubectl.SucceedAsync("get", "livestreams", "-n", "streams", "-o", "name"), names => names.Trim().Length == 0, TimeSpan.FromMinutes(2), "the stream is deleted");
        Assert.True(aws.Inventory.IsEmpty, "every AWS resource of the stream is deleted");

        // A whole lifecycle, probed every 200 ms, in the logs: JSON lines, nothing worse than a warning, no stack trace,
        // and no line per probe request.
        Assert.False(process.HasExited);
        var logs = process.ReadAvailableLines();
        Assert.NotEmpty(logs);
        foreach (var line in logs)
        {
            var entry = JsonNode.Parse(line)!;
            Assert.True(entry["Exception"] is null, $"a stack trace was logged: {line}");
            Assert.True((string?)entry["LogLevel"] is "Debug" or "Information" or "Warning", line);
            Assert.DoesNotContain("/readyz", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_operator_starts_with_every_chart_option_and_becomes_ready()
    {
        var (deployment, launch) = await InstallEveryOptionAsync();

        // The settings that used to crash it are in the environment as the chart writes them.
        Assert.Equal("20s", launch.Environment["DOWNSTREAM_SERVICE_TIMEOUT"]);
        Assert.Equal("true", launch.Environment["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"]);

        var port = OperatorExecutable.FreePort();
        var process = Start(await ResolveAsync(deployment, port), []);
        await OperatorExecutable.WaitReadyAsync(process, new Uri($"http://127.0.0.1:{port}"), Timeout);

        // Leader election runs with the chart's lease settings, as the pod (POD_NAME) under the chart's Role.
        var holder = await Eventually.MatchAsync(
            () => _kubectl.RunAsync("get", "lease", "airwave-prod", "-n", "airwave-leases", "-o", "jsonpath={.spec.holderIdentity}"),
            result => result.ExitCode == 0 && result.StandardOutput.Length > 0,
            Timeout,
            "the Lease named by config.leaderElection is held");
        Assert.StartsWith(PodName + "_", holder.StandardOutput, StringComparison.Ordinal);
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task A_value_the_operator_cannot_read_stops_it_with_one_line_naming_the_variable_and_the_value()
    {
        var (deployment, _) = await InstallEveryOptionAsync();
        var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        env.Single(v => (string?)v!["name"] == "DOWNSTREAM_SERVICE_TIMEOUT")!["value"] = "twenty seconds";

        var process = Start(await ResolveAsync(deployment, OperatorExecutable.FreePort()), []);

        Assert.Equal(2, await process.WaitForExitAsync(Timeout));
        var lines = process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Equal(
            "airwave-operator: invalid setting: environment variable DOWNSTREAM_SERVICE_TIMEOUT is \"twenty seconds\", which is not a duration such as 10 (seconds), 10s, 1m, 1h30m or 500ms",
            line);
    }

    /// <summary>Renders every option with the CRDs, applies it as `helm install` would, and resolves the container.</summary>
    private async Task<(JsonObject Deployment, ContainerLaunch Launch)> InstallEveryOptionAsync()
    {
        var rendered = await renderer.RunAsync([AirwaveChart.ValuesFile("every-option.yaml")], "--include-crds");
        Assert.True(rendered.ExitCode == 0, rendered.ToString());

        // The Prometheus Operator's CRDs are not part of Airwave; the ServiceMonitor would need them.
        var manifests = YamlReader.ReadDocuments(rendered.StandardOutput).Where(m => (string?)m["kind"] != "ServiceMonitor").ToList();
        var file = Path.Combine(_directory, "every-option.yaml");
        await File.WriteAllTextAsync(file, YamlWriter.WriteDocuments(manifests));

        await _kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);
        await _kubectl.SucceedAsync("create", "namespace", "airwave-leases");
        await _kubectl.SucceedAsync("create", "secret", "generic", "downstream-credentials", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=bearer={TokenSecretValue}");
        await _kubectl.SucceedAsync("apply", "-f", file);

        var deployment = manifests.Single(m => (string?)m["kind"] == "Deployment").AsObject();
        return (deployment, await ResolveAsync(deployment, 8080));
    }

    private async Task<ContainerLaunch> ResolveAsync(JsonObject deployment, int port)
    {
        var launch = await ContainerLaunch.ResolveAsync(deployment, PodName, port, Path.Combine(_directory, "volumes"), ReadAsync);
        Assert.Equal(TokenSecretValue, launch.Environment["DOWNSTREAM_SERVICE_TOKEN"]);
        return launch;
    }

    /// <param name="cloud">What the cluster's platform would add to the pod (AWS credentials, endpoints).</param>
    private RunningProcess Start(ContainerLaunch launch, Dictionary<string, string> cloud)
    {
        // In a pod the service account token is mounted and found in-cluster; here a kubeconfig carries the same token.
        var serviceAccount = launch.ServiceAccountName;
        var kubeconfig = _sandbox.Kubernetes.WriteServiceAccountKubeconfig(Path.Combine(_directory, "operator.kubeconfig"), AirwaveChart.ReleaseNamespace, serviceAccount);
        var environment = new Dictionary<string, string>(launch.Environment) { ["KUBECONFIG"] = kubeconfig };
        foreach (var (name, value) in cloud)
        {
            environment[name] = value;
        }

        var process = OperatorExecutable.Start([.. launch.Command, .. launch.Args], environment, Directory.CreateDirectory(Path.Combine(_directory, "home")).FullName);
        _processes.Add(process);
        return process;
    }

    private async Task<JsonObject> ReadAsync(string resource) =>
        JsonNode.Parse(await _kubectl.SucceedAsync("get", resource, "-n", AirwaveChart.ReleaseNamespace, "-o", "json"))!.AsObject();

    [GeneratedRegex(@"echo '(.+)' \| kubectl apply")]
    private static partial Regex FirstStream();

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
