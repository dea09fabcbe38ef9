using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

namespace Airwave.Chart.Tests.Deployment;

/// <summary>
/// The chart rendered, applied with kubectl to the sandbox (its RBAC-enforcing API server and AWS emulator, without
/// its own operator), and its Deployment run by the sandbox's kubelet: the operator runs in a pod exactly as the
/// chart describes it (command, arguments, environment, ConfigMap and emptyDir volumes, probes), with in-cluster
/// configuration from the chart's ServiceAccount token. What `helm install` would run.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed partial class OperatorPodTests(ChartRenderer renderer) : IAsyncLifetime
{
    private const string TokenSecretValue = "downstream-bearer-token";
    private const string MuxTokenId = "mux-token-id";
    private const string MuxTokenSecret = "mux-token-secret";
    private const string MuxSigningKeyId = "mux-signing-key-id";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-pod-").FullName;
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        // Installed under a registry's name, as a platform team mirrors the image; the sandbox runs it as the image
        // it builds (ProgramBuild.Operator: in CI, the native build the Dockerfile ships).
        var image = SandboxImages.Build[SandboxImages.OperatorImage];
        var images = Path.Combine(_directory, "images.json");
        await File.WriteAllTextAsync(images, new JsonObject
        {
            ["registry.example.com/airwave/operator"] = new JsonObject
            {
                ["entrypoint"] = new JsonArray([.. image.Entrypoint.Select(part => JsonValue.Create(part))]),
                ["files"] = new JsonObject { ["/app"] = image.Files["/app"] },
            },
        }.ToJsonString());
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                NoOperator = true,
                ImageMapPath = images,
                KubeconfigPath = Path.Combine(_directory, "admin.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(100),
            },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        await _kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);

        // What IRSA gives the pod on AWS: credentials, here the emulator's, from a Secret the chart names.
        var credentials = _sandbox.Aws!.Options.Credentials;
        await _kubectl.SucceedAsync("create", "secret", "generic", "aws-credentials", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=AWS_ACCESS_KEY_ID={credentials.AccessKeyId}", $"--from-literal=AWS_SECRET_ACCESS_KEY={credentials.SecretAccessKey}");
    }

    [Fact]
    public async Task The_minimal_install_with_downstream_events_runs_the_first_stream_its_notes_give_and_serves_its_metrics()
    {
        // Nothing listens on the discard port: the stream's events wait in the outbox in the operator's namespace.
        var downstream = renderer.WriteValues("downstream: { enabled: true, url: http://127.0.0.1:9/events }\n");
        await InstallAsync([SandboxValues(), downstream]);
        var pod = await WaitForReadyPodAsync();

        var notes = await renderer.RunAsync([SandboxValues()], "--notes");
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
        var outbox = await _kubectl.SucceedAsync("get", "configmaps", "-n", AirwaveChart.ReleaseNamespace, "-o", "name");
        Assert.Contains("configmap/airwave-outbox-", outbox, StringComparison.Ordinal);
        using (var http = new HttpClient())
        {
            var port = (int)(await GetAsync($"pod/{pod}"))["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!;
            var metrics = new Scrape(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")));
            Assert.Contains(metrics.Samples, s => s.Name == "airwave_events_published_total");

            // The pod runs the build the sandbox was given: CI hands it the native one the image ships.
            Assert.Equal(1, metrics.Sum("airwave_build_info", ("compilation", ProgramBuild.Operator.AheadOfTime ? "aot" : "jit")));
        }

        await _kubectl.SucceedAsync("delete", "livestream", "first-stream", "-n", "streams", "--wait=false");
        await Eventually.MatchAsync(
            () => _kubectl.SucceedAsync("get", "livestreams", "-n", "streams", "-o", "name"), names => names.Trim().Length == 0, TimeSpan.FromMinutes(2), "the stream is deleted");
        Assert.True(_sandbox.Aws!.Inventory.IsEmpty, "every AWS resource of the stream is deleted");

        // A whole lifecycle, probed every 5 s by the kubelet, in `kubectl logs`: JSON lines, nothing worse than a
        // warning, no stack trace, no line per probe request, and the pod never restarted.
        var after = await GetAsync($"pod/{pod}");
        Assert.Equal(0, (int)after["status"]!["containerStatuses"]![0]!["restartCount"]!);
        var logs = (await _kubectl.SucceedAsync("logs", pod, "-n", AirwaveChart.ReleaseNamespace)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
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
        await InstallEveryOptionAsync(_ => { });
        var pod = await WaitForReadyPodAsync();

        // The settings that used to crash it reach the process as the chart writes them, the token from its Secret.
        var environment = await ProcessEnvironmentAsync(pod);
        Assert.Equal("20s", environment["DOWNSTREAM_SERVICE_TIMEOUT"]);
        Assert.Equal("true", environment["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"]);
        Assert.Equal(TokenSecretValue, environment["DOWNSTREAM_SERVICE_TOKEN"]);
        Assert.Equal((MuxTokenId, MuxTokenSecret), (environment["MUX_TOKEN_ID"], environment["MUX_TOKEN_SECRET"]));
        Assert.Equal(MuxSigningKeyId, environment["VIDEO_SIGNING_KEY"]);

        // Leader election runs with the chart's lease settings, as the pod (POD_NAME) under the chart's Role.
        var holder = await Eventually.MatchAsync(
            () => _kubectl.RunAsync("get", "lease", "airwave-prod", "-n", "airwave-leases", "-o", "jsonpath={.spec.holderIdentity}"),
            result => result.ExitCode == 0 && result.StandardOutput.Length > 0,
            Timeout,
            "the Lease named by config.leaderElection is held");
        Assert.StartsWith(pod + "_", holder.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_the_operator_cannot_read_stops_it_with_one_line_naming_the_variable_and_the_value()
    {
        await InstallEveryOptionAsync(deployment =>
        {
            var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
            env.Single(v => (string?)v!["name"] == "DOWNSTREAM_SERVICE_TIMEOUT")!["value"] = "twenty seconds";
        });

        var pod = await Eventually.MatchAsync(
            OperatorPodsAsync,
            pods => (int?)pods["items"]?[0]?["status"]?["containerStatuses"]?[0]?["restartCount"] >= 1,
            Timeout,
            "the operator container restarted");
        var item = pod["items"]![0]!;
        var name = (string)item["metadata"]!["name"]!;
        var previous = await _kubectl.SucceedAsync("logs", name, "-n", AirwaveChart.ReleaseNamespace, "--previous");

        Assert.Equal(2, (int)item["status"]!["containerStatuses"]![0]!["lastState"]!["terminated"]!["exitCode"]!);
        Assert.Equal("False", (string?)item["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]);
        var line = Assert.Single(previous.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(
            "airwave-operator: invalid setting: environment variable DOWNSTREAM_SERVICE_TIMEOUT is \"twenty seconds\", which is not a duration such as 10 (seconds), 10s, 1m, 1h30m or 500ms",
            line);
    }

    /// <summary>
    /// What running in the sandbox adds to an install: the emulator as AWS with its credentials, one replica on a
    /// free port (pods share the machine's network, so replicas would collide on one port).
    /// </summary>
    private string SandboxValues() => renderer.WriteValues($$"""
        replicaCount: 1
        containerPort: {{LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture)}}
        namespaceAccess:
          containerPort: {{LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture)}}
        config:
          aws:
            endpointUrl: {{_sandbox.Aws!.BaseAddress}}
            credentialsSecret: aws-credentials
        """);

    /// <summary>Renders every option with the CRDs and the sandbox's values, edits the Deployment, and applies it as `helm install` would.</summary>
    private async Task InstallEveryOptionAsync(Action<JsonObject> editDeployment)
    {
        await _kubectl.SucceedAsync("create", "namespace", "airwave-leases");
        await _kubectl.SucceedAsync("create", "secret", "generic", "downstream-credentials", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=bearer={TokenSecretValue}");
        await _kubectl.SucceedAsync("create", "secret", "generic", "mux-credentials", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=MUX_TOKEN_ID={MuxTokenId}", $"--from-literal=MUX_TOKEN_SECRET={MuxTokenSecret}");
        using var signingKey = System.Security.Cryptography.RSA.Create(2048);
        var privateKey = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(signingKey.ExportRSAPrivateKeyPem()));
        await _kubectl.SucceedAsync("create", "secret", "generic", "mux-signing-key", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=VIDEO_SIGNING_KEY={MuxSigningKeyId}", $"--from-literal=VIDEO_PRIVATE_KEY={privateKey}");
        await InstallAsync([AirwaveChart.ValuesFile("every-option.yaml"), SandboxValues()], editDeployment, "--include-crds");
    }

    private async Task InstallAsync(IEnumerable<string> values, Action<JsonObject>? editDeployment = null, params string[] flags)
    {
        var rendered = await renderer.RunAsync(values, flags);
        Assert.True(rendered.ExitCode == 0, rendered.ToString());

        // The Prometheus Operator's CRDs are not part of Airwave; the ServiceMonitor would need them.
        var manifests = YamlReader.ReadDocuments(rendered.StandardOutput).Where(m => (string?)m["kind"] != "ServiceMonitor").ToList();
        editDeployment?.Invoke(manifests.Single(m => (string?)m["kind"] == "Deployment" && (string?)m["metadata"]!["labels"]!["app.kubernetes.io/component"] == "operator").AsObject());
        var file = Path.Combine(_directory, "chart.yaml");
        await File.WriteAllTextAsync(file, YamlWriter.WriteDocuments(manifests));
        await _kubectl.SucceedAsync("apply", "-f", file);
    }

    /// <summary>The operator's pod once its readiness probe passes, as `kubectl rollout status` waits for it.</summary>
    private async Task<string> WaitForReadyPodAsync()
    {
        var status = await _kubectl.RunAsync("rollout", "status", "deployment", "-n", AirwaveChart.ReleaseNamespace, "--timeout=50s");
        if (status.ExitCode != 0)
        {
            var pods = await _kubectl.RunAsync("get", "pods", "-n", AirwaveChart.ReleaseNamespace, "-o", "yaml");
            var logs = await _kubectl.RunAsync("logs", "-l", "app.kubernetes.io/component=operator", "-n", AirwaveChart.ReleaseNamespace, "--all-containers", "--tail=-1");
            Assert.Fail($"the operator's Deployment did not become ready: {status}\n{pods.StandardOutput}\n{logs}");
        }

        var ready = await OperatorPodsAsync();
        return (string)ready["items"]!.AsArray().Single()!["metadata"]!["name"]!;
    }

    /// <summary>The environment of the pod's container process, as /proc shows it (the container ID is its process ID).</summary>
    private async Task<Dictionary<string, string>> ProcessEnvironmentAsync(string pod)
    {
        var containerId = (string)(await GetAsync($"pod/{pod}"))["status"]!["containerStatuses"]![0]!["containerID"]!;
        var pid = containerId["sandbox://".Length..];
        var environ = await File.ReadAllTextAsync($"/proc/{pid}/environ");
        return environ.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v[1]);
    }

    private async Task<JsonObject> OperatorPodsAsync() =>
        JsonNode.Parse(await _kubectl.SucceedAsync("get", "pods", "-l", "app.kubernetes.io/component=operator", "-n", AirwaveChart.ReleaseNamespace, "-o", "json"))!.AsObject();

    private async Task<JsonObject> GetAsync(string resource) =>
        JsonNode.Parse(await _kubectl.SucceedAsync("get", resource, "-n", AirwaveChart.ReleaseNamespace, "-o", "json"))!.AsObject();

    [GeneratedRegex(@"echo '(.+)' \| kubectl apply")]
    private static partial Regex FirstStream();

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
