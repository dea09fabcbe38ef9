using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Airwave.Testing.Sfu;

namespace Airwave.Sfu.Tests;

/// <summary>
/// The SFU image (the Dockerfile's sfu target) as a pod the sandbox's kubelet runs: the media engine is the machine's
/// janus, the pod becomes Ready from the engine's answer, and its logs carry the engine's.
/// </summary>
public sealed class SfuPodTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-sfu-pod-").FullName;
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions { KubePort = 0, AwsPort = 0, NoOperator = true, KubeconfigPath = Path.Combine(_directory, "admin.kubeconfig") },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
    }

    [Fact]
    public async Task An_sfu_pod_runs_the_engine_and_is_ready_once_it_answers_and_stops_with_its_deployment()
    {
        var (api, engine, management, admin) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve());
        var manifest = string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: sfu, namespace: default }
            spec:
              replicas: 1
              selector: { matchLabels: { app: sfu } }
              template:
                metadata: { labels: { app: sfu } }
                spec:
                  # The engine needs nothing of the API server.
                  automountServiceAccountToken: false
                  containers:
                    - name: sfu
                      image: airwave/sfu:0.1.0
                      env:
                        - { name: AIRWAVE_Sfu__ApiPort, value: "{{api}}" }
                        - { name: AIRWAVE_Sfu__EnginePort, value: "{{engine}}" }
                        - { name: AIRWAVE_Sfu__ManagementPort, value: "{{management}}" }
                        - { name: AIRWAVE_Sfu__AdminPort, value: "{{admin}}" }
                        - { name: AIRWAVE_Sfu__MediaPorts, value: "41200-41219" }
                      ports:
                        - { name: api, containerPort: {{api}} }
                        - { name: management, containerPort: {{management}} }
                      readinessProbe: { httpGet: { path: /readyz, port: management }, periodSeconds: 1 }
                      livenessProbe: { httpGet: { path: /healthz, port: management }, periodSeconds: 5 }
                      volumeMounts: [{ name: tmp, mountPath: /tmp }]
                  volumes: [{ name: tmp, emptyDir: {} }]
            """);
        var applied = await _kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var rollout = await _kubectl.RunAsync("rollout", "status", "deployment/sfu", "--timeout=40s");
        var logs = await _kubectl.RunAsync("logs", "deployment/sfu");
        Assert.True(rollout.ExitCode == 0, $"{rollout}\n{logs}\n{await _kubectl.RunAsync("get", "pods", "-o", "yaml")}");
        Assert.Contains("janus: ", logs.StandardOutput, StringComparison.Ordinal);
        using var http = new HttpClient();
        var info = await http.GetStringAsync(new Uri($"http://127.0.0.1:{engine.ToString(CultureInfo.InvariantCulture)}/janus/info"));
        Assert.Contains("janus.plugin.videoroom", info, StringComparison.Ordinal);

        await _kubectl.SucceedAsync("delete", "deployment", "sfu", "--wait=true");
        await Eventually.MatchAsync(
            async () =>
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{engine.ToString(CultureInfo.InvariantCulture)}/janus/info"));
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            answers => !answers,
            TimeSpan.FromSeconds(30),
            "the engine gone with its pod");
    }

    [Fact]
    public async Task An_sfu_pod_with_a_turn_secret_relays_through_its_one_turn_port_to_its_own_address_and_names_it_in_each_new_sessions_link()
    {
        var (api, engine, management, admin, turn) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve());
        await _kubectl.SucceedAsync("create", "secret", "generic", "sfu-turn", "--from-literal=secret=turn-secret-for-pods");
        var manifest = string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: v1
            kind: Pod
            metadata: { name: sfu-turn, namespace: default }
            spec:
              automountServiceAccountToken: false
              containers:
                - name: sfu
                  image: airwave/sfu:0.1.0
                  env:
                    - { name: AIRWAVE_Sfu__ApiPort, value: "{{api}}" }
                    - { name: AIRWAVE_Sfu__EnginePort, value: "{{engine}}" }
                    - { name: AIRWAVE_Sfu__ManagementPort, value: "{{management}}" }
                    - { name: AIRWAVE_Sfu__AdminPort, value: "{{admin}}" }
                    - { name: AIRWAVE_Sfu__MediaPorts, value: "41220-41239" }
                    - { name: AIRWAVE_Sfu__RelayPorts, value: "41240-41259" }
                    - { name: AIRWAVE_Sfu__TurnPort, value: "{{turn}}" }
                    - { name: AIRWAVE_Sfu__PodAddress, valueFrom: { fieldRef: { fieldPath: status.podIP } } }
                    - { name: SFU_TURN_SECRET, valueFrom: { secretKeyRef: { name: sfu-turn, key: secret } } }
                    - { name: SFU_PUBLISH_KEY, value: publish-key-for-turn }
                  readinessProbe: { httpGet: { path: /readyz, port: {{management}} }, periodSeconds: 1 }
                  volumeMounts: [{ name: tmp, mountPath: /tmp }]
              volumes: [{ name: tmp, emptyDir: {} }]
            """);
        var applied = await _kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var ready = await _kubectl.RunAsync("wait", "pod/sfu-turn", "--for=condition=Ready", "--timeout=40s");
        Assert.True(ready.ExitCode == 0, $"{ready}\n{await _kubectl.RunAsync("logs", "sfu-turn")}");

        // The sandbox's pods share the machine's loopback, each on an address of its own, and their engine's media is on
        // 127.0.0.1: an echoing peer there stands for it. The TURN server relays to it, and to nothing else (not to the
        // server's own relay addresses, which -y sends between).
        var podAddress = (await _kubectl.SucceedAsync("get", "pod", "sfu-turn", "-o", "jsonpath={.status.podIP}")).Trim();
        var peerPort = LoopbackPorts.Reserve();
        await using var echo = RunningProcess.Start("/usr/bin/turnutils_peer", ["-L", "127.0.0.1", "-p", peerPort.ToString(CultureInfo.InvariantCulture)]);
        var (user, password) = TurnCredentials.For("turn-secret-for-pods");
        string[] client = ["-n", "3", "-m", "1", "-u", user, "-w", password, "-p", turn.ToString(CultureInfo.InvariantCulture)];
        var relayed = await ProcessRunner.RunAsync("/usr/bin/turnutils_uclient", [.. client, "-e", "127.0.0.1", "-r", peerPort.ToString(CultureInfo.InvariantCulture), podAddress], TimeSpan.FromSeconds(30));
        var elsewhere = await ProcessRunner.RunAsync("/usr/bin/turnutils_uclient", [.. client, "-y", podAddress], TimeSpan.FromSeconds(30));

        // A publisher that reaches the pod itself is told of the TURN server, with a credential of its own that the TURN
        // server takes.
        var published = await WebRtcClients.PublishAsync(new Uri($"http://{podAddress}:{api.ToString(CultureInfo.InvariantCulture)}/whip"), "publish-key-for-turn", TimeSpan.Zero);
        var link = Regex.Match((string?)published["link"] ?? "", "^<turn:(?<host>[^:>]+):(?<port>[0-9]+)\\?transport=udp>; rel=\"ice-server\"; username=\"(?<user>[^\"]+)\"; credential=\"(?<password>[^\"]+)\"; credential-type=\"password\"$");
        var relayedByLink = await ProcessRunner.RunAsync(
            "/usr/bin/turnutils_uclient",
            ["-n", "3", "-m", "1", "-u", link.Groups["user"].Value, "-w", link.Groups["password"].Value, "-p", link.Groups["port"].Value, "-e", "127.0.0.1", "-r", peerPort.ToString(CultureInfo.InvariantCulture), link.Groups["host"].Value],
            TimeSpan.FromSeconds(30));

        Assert.NotEqual("127.0.0.1", podAddress);
        Assert.True(relayed.ExitCode == 0, relayed.ToString());
        Assert.Matches(@"Total lost packets 0 \(0\.0+%\)", relayed.StandardOutput + relayed.StandardError);
        Assert.True(elsewhere.ExitCode != 0, elsewhere.ToString());
        Assert.Contains("403 (Forbidden IP)", elsewhere.StandardOutput + elsewhere.StandardError, StringComparison.Ordinal);
        Assert.Equal(201, (int?)published["status"]);
        Assert.True(link.Success, published.ToJsonString());
        Assert.Equal(podAddress, link.Groups["host"].Value);
        Assert.Equal(turn.ToString(CultureInfo.InvariantCulture), link.Groups["port"].Value);
        Assert.EndsWith(":" + ((string?)published["location"])![("/whip/".Length)..], link.Groups["user"].Value, StringComparison.Ordinal);
        Assert.True(relayedByLink.ExitCode == 0, relayedByLink.ToString());
        Assert.Matches(@"Total lost packets 0 \(0\.0+%\)", relayedByLink.StandardOutput + relayedByLink.StandardError);
        Assert.Contains("turnserver: ", (await _kubectl.RunAsync("logs", "sfu-turn")).StandardOutput, StringComparison.Ordinal);
        await _kubectl.SucceedAsync("delete", "pod", "sfu-turn", "--wait=true");
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
