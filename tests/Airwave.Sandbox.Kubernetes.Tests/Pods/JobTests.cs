using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>Jobs run to completion or failure as kube-controller-manager runs them, driven with the real kubectl.</summary>
public sealed class JobTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "j-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Kubectl_create_job_completes_and_kubectl_wait_returns()
    {
        await Kubectl.SucceedAsync("create", "job", "j", "-n", _ns, "--image=busybox", "--", "sh", "-c", "echo ok");

        var waited = await Kubectl.RunAsync("wait", "--for=condition=complete", "job/j", "-n", _ns, "--timeout=30s");
        var job = JsonNode.Parse(await Kubectl.SucceedAsync("get", "job", "j", "-n", _ns, "-o", "json"))!;
        var logs = await Kubectl.SucceedAsync("logs", "job/j", "-n", _ns);

        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Contains("job.batch/j condition met", waited.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, (int)job["status"]!["succeeded"]!);
        Assert.NotNull(job["status"]!["completionTime"]);
        Assert.Equal("ok\n", logs);
        Assert.Equal((string?)job["metadata"]!["uid"], (string?)job["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]);
    }

    [Fact]
    public async Task Completions_run_parallelism_pods_at_a_time_until_enough_succeed()
    {
        await ApplyAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: { name: batch }
            spec:
              completions: 4
              parallelism: 2
              template:
                spec:
                  restartPolicy: Never
                  containers: [{ name: main, image: busybox, command: [sh, -c, "sleep 0.3"] }]
            """);

        var done = await WaitForJobAsync("batch", j => Condition(j, "Complete") == "True");
        var pods = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", "job-name=batch", "-o", "json"))!["items"]!.AsArray();

        Assert.Equal(4, (int)done["status"]!["succeeded"]!);
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.Equal("Succeeded", (string?)p!["status"]!["phase"]));
    }

    [Fact]
    public async Task A_job_whose_pods_keep_failing_retries_after_a_back_off_and_fails_past_its_backoff_limit()
    {
        await ApplyAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: { name: broken }
            spec:
              backoffLimit: 1
              template:
                spec:
                  restartPolicy: Never
                  containers: [{ name: main, image: busybox, command: [sh, -c, "exit 2"] }]
            """);

        var failed = await WaitForJobAsync("broken", j => Condition(j, "Failed") == "True");
        var pods = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", "job-name=broken", "--sort-by=.metadata.creationTimestamp", "-o", "json"))!["items"]!.AsArray();
        var firstEnded = DateTimeOffset.Parse((string)pods[0]!["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["finishedAt"]!, CultureInfo.InvariantCulture);
        var retried = DateTimeOffset.Parse((string)pods[1]!["metadata"]!["creationTimestamp"]!, CultureInfo.InvariantCulture);

        Assert.Equal(2, (int)failed["status"]!["failed"]!);
        Assert.Equal(2, pods.Count);
        // kube-controller-manager waits 10 s before replacing the first failed pod (timestamps have whole seconds).
        Assert.InRange(retried - firstEnded, TimeSpan.FromSeconds(9), Timeout);
        Assert.Equal("BackoffLimitExceeded", (string?)failed["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Failed")!["reason"]);
    }

    [Fact]
    public async Task A_job_past_its_deadline_fails_and_its_running_pod_is_deleted()
    {
        await ApplyAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: { name: slow }
            spec:
              activeDeadlineSeconds: 1
              template:
                spec:
                  restartPolicy: Never
                  terminationGracePeriodSeconds: 1
                  containers: [{ name: main, image: busybox, command: [sh, -c, "sleep 600"] }]
            """);

        var failed = await WaitForJobAsync("slow", j => Condition(j, "Failed") == "True");
        var remaining = await Eventually.MatchAsync(
            async () => (await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", "job-name=slow", "-o", "name")).Trim(),
            pods => pods.Length == 0,
            Timeout,
            "the deadline-exceeded job's pods deleted");

        Assert.Equal("DeadlineExceeded", (string?)failed["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Failed")!["reason"]);
        Assert.Equal(string.Empty, remaining);
    }

    [Fact]
    public async Task A_finished_job_with_a_ttl_is_deleted_with_its_pods()
    {
        await ApplyAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: { name: brief }
            spec:
              ttlSecondsAfterFinished: 1
              template:
                spec:
                  restartPolicy: Never
                  containers: [{ name: main, image: busybox, command: [sh, -c, "true"] }]
            """);

        var gone = await Eventually.MatchAsync(
            async () => (await Kubectl.SucceedAsync("get", "jobs,pods", "-n", _ns, "-o", "name")).Trim(),
            names => names.Length == 0,
            Timeout,
            "the job and its pod deleted after the TTL");

        Assert.Equal(string.Empty, gone);
    }

    private static string? Condition(JsonNode job, string type) =>
        (string?)(job["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => (string?)c?["type"] == type)?["status"];

    private async Task ApplyAsync(string manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    private async Task<JsonNode> WaitForJobAsync(string name, Func<JsonNode, bool> condition) =>
        (await Eventually.MatchAsync(
            async () => JsonNode.Parse(await Kubectl.SucceedAsync("get", "job", name, "-n", _ns, "-o", "json")),
            j => j is not null && condition(j),
            Timeout,
            $"job {name}"))!;
}
