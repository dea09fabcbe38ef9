using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// `--operator-in-pod`: the sandbox installs the chart, rendered with its own values, and runs the operator in the
/// chart's pod. The rendered manifests it carries are the chart's of this commit, with the sandbox's settings.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class OperatorInPodTests(ChartRenderer renderer) : IAsyncLifetime
{
    private static readonly string Values = Repository.Path("sandbox", "Airwave.Sandbox", "OperatorInPod", "values.yaml");
    private static readonly string Rendered = Repository.Path("sandbox", "Airwave.Sandbox", "OperatorInPod", "airwave.yaml");
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-operator-in-pod-").FullName;

    [Fact]
    public async Task The_sandboxs_rendered_chart_is_the_chart_of_this_commit_with_the_sandboxs_values()
    {
        var result = await renderer.RunChartAsync(AirwaveChart.Directory, ["--name", AirwaveChart.ReleaseName, "--namespace", AirwaveChart.ReleaseNamespace, "-f", Values]);
        Assert.True(result.ExitCode == 0, result.ToString());
        if (Environment.GetEnvironmentVariable("AIRWAVE_RENDER_SANDBOX_CHART") == "1")
        {
            var header = string.Concat(File.ReadLines(Rendered).TakeWhile(l => l.StartsWith('#')).Select(l => l + "\n"));
            await File.WriteAllTextAsync(Rendered, header + result.StandardOutput);
        }

        var fresh = YamlReader.ReadDocuments(result.StandardOutput);
        var committed = YamlReader.ReadDocuments(await File.ReadAllTextAsync(Rendered));
        Assert.True(
            fresh.Count == committed.Count && fresh.Zip(committed).All(pair => JsonNode.DeepEquals(pair.First, pair.Second)),
            "sandbox/Airwave.Sandbox/OperatorInPod/airwave.yaml is not the chart rendered with values.yaml beside it; render it again: AIRWAVE_RENDER_SANDBOX_CHART=1 dotnet test tests/Airwave.Chart.Tests --filter OperatorInPodTests");

        // The settings are the sandbox's own, as its built-in operator gets them.
        var config = JsonNode.Parse((string)committed.Single(m => (string?)m["kind"] == "ConfigMap")["data"]!["config.json"]!)!;
        var aws = new AwsEmulatorOptions();
        Assert.Equal(SandboxHost.MediaLiveRoleArn, (string?)config["Operator"]!["MediaLiveRoleArn"]);
        Assert.Equal(SandboxHost.ArchiveBucket, (string?)config["Operator"]!["ArchiveBucket"]);
        Assert.Equal(aws.LiveDistributionId, (string?)config["Operator"]!["LiveDistributionId"]);
        Assert.Equal(aws.Region, (string?)config["Aws"]!["Region"]);
    }

    [Fact]
    public async Task The_operator_runs_in_the_charts_pod_and_provisions_a_stream_and_a_video()
    {
        await using var sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorInPod = true,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(100),
            },
            CancellationToken.None);
        var kubectl = new Kubectl(sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));

        await kubectl.SucceedAsync("create", "namespace", "streams");
        await kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(
            () => kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "streams", "-o", "jsonpath={.status.phase}"),
            phase => phase == "Running",
            TimeSpan.FromMinutes(1),
            "the stream runs");
        // The chart's Mux settings and credentials Secret reach the pod: a VideoAsset gets its upload URL from the emulator.
        await kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        var uploadUrl = await Eventually.MatchAsync(
            () => kubectl.SucceedAsync("get", "videoasset", "intro", "-n", "streams", "-o", "jsonpath={.status.uploadUrl}"),
            url => url.Length > 0,
            TimeSpan.FromMinutes(1),
            "the video's upload URL");
        Assert.StartsWith(sandbox.Mux!.BaseAddress.ToString(), uploadUrl, StringComparison.Ordinal);
        var pods = JsonNode.Parse(await kubectl.SucceedAsync("get", "pods", "-n", "airwave", "-o", "json"))!["items"]!.AsArray();
        var logs = await kubectl.SucceedAsync("logs", "deployment/airwave", "-n", "airwave");
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(sandbox.OperatorAddress!, "/metrics"));

        var binding = JsonNode.Parse(await kubectl.SucceedAsync("get", "rolebinding", "airwave", "-n", "streams", "-o", "json"))!;

        // The operator's pod and the namespace-access controller's, which granted the operator its writes in streams.
        Assert.Equal(["airwave", "airwave-namespace-access"], pods.Select(p => (string?)p!["spec"]!["serviceAccountName"]).Order(StringComparer.Ordinal));
        Assert.All(pods, pod => Assert.Equal("True", (string?)pod!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]));
        Assert.Equal("airwave-namespace", (string?)binding["roleRef"]!["name"]);
        Assert.All(logs.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.NotNull(JsonNode.Parse(line)!["LogLevel"]));
        Assert.Contains("workshop-a", logs, StringComparison.Ordinal);
        Assert.Contains("airwave_", metrics, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
