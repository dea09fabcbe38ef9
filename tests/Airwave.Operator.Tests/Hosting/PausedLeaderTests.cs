using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Sandbox;
using k8s;

namespace Airwave.Operator.Tests.Hosting;

/// <summary>
/// Two operator processes against one sandbox. The leader is frozen (SIGSTOP, as a stalled VM or a long GC pause
/// freezes it) past its lease while it provisions streams, the other replica takes over, and the frozen one is
/// resumed: from then on it must not write to AWS or Kubernetes, though its timers and pending calls wake up at once.
/// </summary>
public sealed class PausedLeaderTests : IAsyncLifetime
{
    // As many as the leader reconciles at once, so it has that many calls under way when it is frozen.
    private const int Streams = 12;

    // Past the default lease of 15 s: the other replica may take over meanwhile.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(20);

    // What the resumed process gets to show what it does once it wakes.
    private static readonly TimeSpan AfterResume = TimeSpan.FromSeconds(8);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-paused-leader-").FullName;
    private SandboxHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                NoOperator = true,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(200),
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task A_leader_paused_past_its_lease_writes_nothing_once_it_resumes_and_the_new_leader_finishes_its_work()
    {
        var aws = _host.Aws!;
        using var client = new KubernetesClient(KubernetesAccess.Configuration(_host.KubeconfigPath));

        // Every AWS call takes a second, so the leader is always waiting for one when it is frozen.
        aws.Faults.AddLatency(TimeSpan.FromSeconds(1));
        await using var replicaA = StartOperator("replica-a");
        await using var replicaB = StartOperator("replica-b");
        var holder = await Eventually.MatchAsync<string?>(() => LeaseHolderAsync(client), h => h is not null, OperatorSandbox.Timeout, "a replica holding the lease");
        var (leader, follower, leaderName) = holder!.StartsWith("replica-a_", StringComparison.Ordinal)
            ? (replicaA, replicaB, "replica-a")
            : (replicaB, replicaA, "replica-b");

        // The API server shows every request to an observer: it records the replica's writes.
        var kubernetesWrites = new ConcurrentQueue<(string What, DateTimeOffset At)>();
        using var watch = _host.Kubernetes.Faults.Observe(request =>
        {
            if (request.Verb is "create" or "update" or "patch" or "delete" && request.Resource != "leases"
                && request.Headers.TryGetValue("User-Agent", out var agent) && agent.Contains(leaderName, StringComparison.Ordinal))
            {
                kubernetesWrites.Enqueue(($"{request.Verb} {request.Resource}/{request.Name}", DateTimeOffset.UtcNow));
            }
        });

        var kubectl = new Kubectl(_host.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        await kubectl.SucceedAsync("create", "namespace", "paused");
        for (var i = 0; i < Streams; i++)
        {
            var applied = await kubectl.RunWithInputAsync($$"""
                apiVersion: media.airwave.dev/v1alpha1
                kind: LiveStream
                metadata: { name: stream-{{i}} }
                spec:
                  state: Running
                  source: { type: RtmpPush }
                  playback: { encryption: { enabled: false } }
                """, ["apply", "-n", "paused", "-f", "-"]);
            Assert.True(applied.ExitCode == 0, applied.ToString());
        }

        await Eventually.MatchAsync(() => Task.FromResult(AwsWritesBy(leaderName, DateTimeOffset.MinValue).Count), n => n >= 3, OperatorSandbox.Timeout, "the leader provisioning");
        await SignalAsync("STOP", leader);
        DateTimeOffset resumed;
        try
        {
            await Task.Delay(Pause);
            await Eventually.MatchAsync<string?>(
                () => LeaseHolderAsync(client),
                h => h is not null && !h.StartsWith(leaderName + "_", StringComparison.Ordinal),
                OperatorSandbox.Timeout,
                "the other replica holding the lease");
        }
        finally
        {
            resumed = DateTimeOffset.UtcNow;
            await SignalAsync("CONT", leader);
        }

        await Task.Delay(AfterResume);

        Assert.Empty(AwsWritesBy(leaderName, resumed).Select(c => $"{c.Operation} at {c.At:O}"));
        Assert.Empty(kubernetesWrites.Where(w => w.At >= resumed).Select(w => $"{w.What} at {w.At:O}"));
        Assert.False(leader.HasExited, leader.StandardError);

        // The new leader finishes what the old one began, with one channel per stream.
        for (var i = 0; i < Streams; i++)
        {
            var name = $"stream-{i}";
            await Eventually.MatchAsync(
                async () => JsonNode.Parse(await kubectl.SucceedAsync("get", "livestream", name, "-n", "paused", "-o", "json")),
                s => (string?)s?["status"]?["phase"] == "Running",
                TimeSpan.FromSeconds(120),
                $"{name} Running under the new leader");
        }

        Assert.Equal(Streams, aws.Inventory.MediaLiveChannels.Count);
        Assert.False(follower.HasExited, follower.StandardError);
    }

    private RunningProcess StartOperator(string podName) => RunningProcess.Start(
        "dotnet",
        [Path.Combine(AppContext.BaseDirectory, "airwave-operator.dll"), "run", "--kubeconfig", _host.KubeconfigPath, "--config", _host.OperatorConfigPath!, "--urls", "http://127.0.0.1:0"],
        new Dictionary<string, string>
        {
            ["POD_NAME"] = podName,
            ["Operator__MaxConcurrentReconciles"] = Streams.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_ACCESS_KEY_ID"] = _host.Aws!.Options.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = _host.Aws.Options.Credentials.SecretAccessKey,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });

    private static async Task<string?> LeaseHolderAsync(KubernetesClient client)
    {
        var lease = await client.Api.CoordinationV1.ReadNamespacedLeaseAsync("airwave-operator", "default", cancellationToken: CancellationToken.None).OrNull();
        return lease?.Spec?.HolderIdentity;
    }

    private List<Sandbox.Aws.Pipeline.AwsCall> AwsWritesBy(string podName, DateTimeOffset since) =>
        [.. _host.Aws!.Inventory.Calls.Calls.Where(c => c.IsWrite && c.At >= since && c.UserAgent?.Contains(podName, StringComparison.Ordinal) == true)];

    private static async Task SignalAsync(string signal, RunningProcess process)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
