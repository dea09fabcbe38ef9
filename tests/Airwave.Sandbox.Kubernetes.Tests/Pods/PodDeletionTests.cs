using System.Text.Json.Nodes;
using Airwave.Testing;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>
/// Deleting a pod as on a cluster: it stays Terminating while its processes get their grace period, and is gone only
/// once they ended; a forced delete or a pod that has already ended goes at once.
/// </summary>
public sealed class PodDeletionTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "d-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_deleted_pod_stays_Terminating_until_its_process_has_ended_and_says_how_it_ended()
    {
        // On SIGTERM the container waits for the test to let it go, then exits 0.
        await ApplyPodAsync("graceful", 20, "trap 'until [ -e ../release ]; do sleep 0.1; done; exit 0' TERM; while :; do sleep 0.1; done");
        var running = await PodStatus.WaitForAsync(Kubectl, _ns, "graceful", p => PodStatus.Phase(p) == "Running");
        var pid = PodStatus.ContainerPid(running);
        await using var watch = WatchEvents("graceful");
        await watch.ReadLineAsync(Timeout);

        await Kubectl.SucceedAsync("delete", "pod", "graceful", "-n", _ns, "--wait=false");
        var terminating = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pod", "graceful", "-n", _ns, "-o", "json"))!;
        var table = await Kubectl.SucceedAsync("get", "pod", "graceful", "-n", _ns);
        var endedWhileTerminating = PodStatus.ProcessEnded(pid);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "airwave-sandbox-pods", (string)running["metadata"]!["uid"]!, "release"), "");
        var waited = await Kubectl.RunAsync("wait", "--for=delete", "pod/graceful", "-n", _ns, "--timeout=30s");
        var endedOnceGone = PodStatus.ProcessEnded(pid);
        var seen = await watch.ReadUntilAsync(line => line.StartsWith("DELETED", StringComparison.Ordinal), Timeout);

        Assert.Equal(20, (long?)terminating["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.NotNull(terminating["metadata"]!["deletionTimestamp"]);
        Assert.Matches(@"graceful\s+\d/1\s+Terminating\s+0", table);
        Assert.False(endedWhileTerminating, "the container's process ended before it was let go");
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.True(endedOnceGone, "the pod was gone while its process still ran");
        // The last change a watch saw before the deletion: the pod Succeeded, its container exited 0.
        Assert.Matches(@"^MODIFIED\s+Succeeded\s+0$", seen[^2]);
    }

    [Fact]
    public async Task A_second_delete_with_a_shorter_grace_period_ends_the_wait_sooner()
    {
        // A process that ignores SIGTERM only ends by SIGKILL, when the grace period is over.
        await ApplyPodAsync("stubborn", 600, "trap '' TERM; while :; do sleep 0.1; done");
        var running = await PodStatus.WaitForAsync(Kubectl, _ns, "stubborn", p => PodStatus.Phase(p) == "Running");

        await Kubectl.SucceedAsync("delete", "pod", "stubborn", "-n", _ns, "--wait=false");
        var first = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pod", "stubborn", "-n", _ns, "-o", "json"))!;
        var shortened = await Kubectl.RunAsync("delete", "pod", "stubborn", "-n", _ns, "--grace-period=1", "--timeout=30s");
        var after = await Kubectl.RunAsync("get", "pod", "stubborn", "-n", _ns);

        Assert.Equal(600, (long?)first["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.True(shortened.ExitCode == 0, shortened.ToString());
        Assert.Contains("pods \"stubborn\" not found", after.StandardError, StringComparison.Ordinal);
        Assert.True(PodStatus.ProcessEnded(PodStatus.ContainerPid(running)), "the pod was gone while its process still ran");
    }

    [Fact]
    public async Task A_forced_delete_removes_the_pod_at_once_and_still_ends_its_process()
    {
        await ApplyPodAsync("forced", 600, "trap '' TERM; while :; do sleep 0.1; done");
        var running = await PodStatus.WaitForAsync(Kubectl, _ns, "forced", p => PodStatus.Phase(p) == "Running");
        var pid = PodStatus.ContainerPid(running);

        var deleted = await Kubectl.RunAsync("delete", "pod", "forced", "-n", _ns, "--grace-period=0", "--force", "--wait=false");
        var after = await Kubectl.RunAsync("get", "pod", "forced", "-n", _ns);

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("Immediate deletion does not wait for confirmation", deleted.StandardError, StringComparison.Ordinal);
        Assert.Contains("pods \"forced\" not found", after.StandardError, StringComparison.Ordinal);
        Assert.True(await Eventually.MatchAsync(() => PodStatus.ProcessEnded(pid), ended => ended, Timeout, $"process {pid} of the forced pod ended"));
    }

    [Fact]
    public async Task A_pod_that_has_ended_is_removed_at_once()
    {
        await Kubectl.SucceedAsync("run", "done", "-n", _ns, "--image=busybox", "--restart=Never", "--", "sh", "-c", "true");
        await PodStatus.WaitForAsync(Kubectl, _ns, "done", p => PodStatus.Phase(p) == "Succeeded");

        await Kubectl.SucceedAsync("delete", "pod", "done", "-n", _ns, "--wait=false");
        var after = await Kubectl.RunAsync("get", "pod", "done", "-n", _ns);

        Assert.Contains("pods \"done\" not found", after.StandardError, StringComparison.Ordinal);
    }

    private async Task ApplyPodAsync(string name, int gracePeriodSeconds, string script)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = gracePeriodSeconds,
                ["restartPolicy"] = "Never",
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox", ["command"] = new JsonArray("sh", "-c", script) }),
            },
        };
        var applied = await Kubectl.RunWithInputAsync(pod.ToJsonString(), ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    /// <summary>kubectl watching the pod: a line per event, its type, the pod's phase and its container's exit code.</summary>
    private RunningProcess WatchEvents(string name) => Kubectl.Start(
        "get", "pod", name, "-n", _ns, "-w", "--output-watch-events", "--no-headers",
        "-o", "custom-columns=EVENT:.type,PHASE:.object.status.phase,EXIT:.object.status.containerStatuses[0].state.terminated.exitCode");
}
