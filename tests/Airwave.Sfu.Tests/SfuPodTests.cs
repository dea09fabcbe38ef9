using System.Globalization;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

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
        var (api, management, admin) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve());
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
                        - { name: AIRWAVE_Sfu__ManagementPort, value: "{{management}}" }
                        - { name: AIRWAVE_Sfu__AdminPort, value: "{{admin}}" }
                        - { name: AIRWAVE_Sfu__MediaPorts, value: "41200-41219" }
                      ports:
                        - { name: janus-api, containerPort: {{api}} }
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
        var info = await http.GetStringAsync(new Uri($"http://127.0.0.1:{api.ToString(CultureInfo.InvariantCulture)}/janus/info"));
        Assert.Contains("janus.plugin.videoroom", info, StringComparison.Ordinal);

        await _kubectl.SucceedAsync("delete", "deployment", "sfu", "--wait=true");
        await Eventually.MatchAsync(
            async () =>
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{api.ToString(CultureInfo.InvariantCulture)}/janus/info"));
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

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
