using System.Diagnostics;
using System.Globalization;
using Airwave.Api.LiveStreams;
using Airwave.Benchmarking;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using k8s;
using KubernetesJson = Airwave.Kubernetes.Serialization.KubernetesJson;

namespace Airwave.Operator.Benchmarks;

/// <summary>
/// A failover as a cluster makes one: two operator processes against the sandbox, the leader with 200 Running streams
/// of which 20 were just changed (stopped), and the leader then rolled (SIGTERM, as a rolling update or a drained
/// node stops its pod) or killed (SIGKILL, as a lost node or an OOM kill ends it), in alternating rounds. Measured
/// from the signal: the follower holding the lease, and the follower having reconciled all 20 changes. After each
/// round a new process joins as the next follower, as the Deployment's replacement pod would.
/// </summary>
internal static class Failover
{
    private const int StreamCount = 200;
    private const int ChangedCount = 20;
    private const string LeaseName = "airwave-operator";

    // The follower has synced its caches and is waiting its turn, as a replica in a steady Deployment does.
    private static readonly TimeSpan FollowerSettles = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private enum Stop
    {
        Rolled,
        Killed,
    }

    private sealed record Round(Stop How, double HandedOver, double Reconciled, long LeaderResident);

    /// <param name="operatorPath">
    /// The operator to run: its .dll (run with `dotnet`, as the image's command does) or a native executable, such as
    /// a build published ahead of time; by default the Release build beside this benchmark.
    /// </param>
    public static async Task RunAsync(int roundsPerKind, string? operatorPath)
    {
        if (2 * roundsPerKind * ChangedCount > StreamCount)
        {
            throw new ArgumentOutOfRangeException(nameof(roundsPerKind), roundsPerKind, $"each round stops {ChangedCount} of the {StreamCount} streams: at most {StreamCount / ChangedCount / 2} rounds of each kind");
        }

        var directory = Directory.CreateTempSubdirectory("airwave-failover-benchmark-");
        try
        {
            await using var sandbox = await SandboxHost.StartAsync(
                new SandboxOptions
                {
                    KubePort = 0,
                    AwsPort = 0,
                    NoOperator = true,
                    KubeconfigPath = Path.Combine(directory.FullName, "sandbox.kubeconfig"),
                    AwsTransitionDelay = TimeSpan.Zero,
                    OperatorPollInterval = TimeSpan.FromMilliseconds(100),
                },
                CancellationToken.None);
            using var client = new KubernetesClient(
                KubernetesAccess.Configuration(sandbox.KubeconfigPath),
                new KubernetesClientOptions { Json = KubernetesJson.CreateOptions(Airwave.Api.Common.ApiJsonContext.Default) });

            var replicas = 0;
            var command = ProgramStarts.Command(operatorPath ?? Path.Combine(AppContext.BaseDirectory, "airwave-operator.dll"));
            var leader = await StartReplicaAsync(sandbox, command, directory.FullName, ++replicas);
            await WaitForHolderAsync(client, leader.Name);
            var manifest = Path.Combine(directory.FullName, "streams.yaml");
            await File.WriteAllTextAsync(manifest, Streams.Manifests("failover", StreamCount));
            await Streams.KubectlAsync(sandbox.KubeconfigPath, "apply", "-f", manifest);
            await Streams.WaitAsync(client, list => list.Count == StreamCount && list.All(s => s.Status?.Phase == LiveStreamPhase.Running), "every stream Running");
            var follower = await StartReplicaAsync(sandbox, command, directory.FullName, ++replicas);

            var rounds = new List<Round>();
            for (var round = 0; round < 2 * roundsPerKind; round++)
            {
                await Task.Delay(FollowerSettles);
                var names = Enumerable.Range(round * ChangedCount, ChangedCount).Select(i => $"failover-{i:D4}").ToList();
                rounds.Add(await RoundAsync(client, round % 2 == 0 ? Stop.Rolled : Stop.Killed, names, leader, follower));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1} ({rounds[^1].How}): lease taken after {rounds[^1].HandedOver:F2} s, {ChangedCount} changes reconciled after {rounds[^1].Reconciled:F2} s, new leader resident {rounds[^1].LeaderResident / 1048576.0:F0} MB"));

                leader.Process.Dispose();
                leader = follower;
                follower = await StartReplicaAsync(sandbox, command, directory.FullName, ++replicas);
            }

            leader.Process.Dispose();
            follower.Process.Dispose();
            Report(rounds, command);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Stops the streams, then at once rolls or kills the leader; timed from the signal.</summary>
    private static async Task<Round> RoundAsync(KubernetesClient client, Stop how, IReadOnlyList<string> names, Replica leader, Replica follower)
    {
        var stopped = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"state":"Stopped"}}""")!;
        await Task.WhenAll(names.Select(name => client.PatchAsync<LiveStream>(AirwaveResources.LiveStreams, "default", name, KubernetesPatch.Merge(stopped.DeepClone()), CancellationToken.None)));

        var signalled = Stopwatch.GetTimestamp();
        var reconciled = WaitReconciledAsync(client, names);
        var exited = Task.CompletedTask;
        if (how == Stop.Rolled)
        {
            // The follower may lead before the old leader has finished exiting: the lease is watched meanwhile.
            exited = leader.Process.TerminateAsync();
        }
        else
        {
            leader.Process.Kill();
        }

        var handedOver = await WaitForHolderAsync(client, follower.Name);
        var done = await reconciled;
        await exited;
        return new Round(how, Stopwatch.GetElapsedTime(signalled, handedOver).TotalSeconds, Stopwatch.GetElapsedTime(signalled, done).TotalSeconds, follower.Process.ResidentBytes());
    }

    private static void Report(List<Round> rounds, string[] command)
    {
        Console.WriteLine();
        Console.WriteLine($"operator: {string.Join(' ', command)}");
        var lease = new LeaderElectionSettings();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{StreamCount} Running streams, {ChangedCount} just stopped, the operator's lease timings ({lease.LeaseDuration.TotalSeconds} s / {lease.RenewDeadline.TotalSeconds} s / {lease.RetryPeriod.TotalSeconds} s); medians of {rounds.Count / 2} rounds each:"));
        foreach (var how in new[] { Stop.Rolled, Stop.Killed })
        {
            var these = rounds.Where(r => r.How == how).ToList();
            var target = how == Stop.Rolled ? "target: handed over in under 2 s" : string.Create(CultureInfo.InvariantCulture, $"target: at full speed within the lease ({lease.LeaseDuration.TotalSeconds} s) plus 5 s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {how,-7} lease taken {Statistics.Median(these.Select(r => r.HandedOver)),6:F2} s (range {these.Min(r => r.HandedOver):F2} to {these.Max(r => r.HandedOver):F2}), changes reconciled {Statistics.Median(these.Select(r => r.Reconciled)),6:F2} s (range {these.Min(r => r.Reconciled):F2} to {these.Max(r => r.Reconciled):F2}); {target}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the new leader's resident memory once the changes were reconciled: {Statistics.Median(rounds.Select(r => r.LeaderResident / 1048576.0)):F0} MB (median)"));
    }

    /// <summary>A replica as a pod runs it: `airwave-operator run` with the sandbox's settings and the emulator's credentials.</summary>
    private static async Task<Replica> StartReplicaAsync(SandboxHost sandbox, string[] command, string directory, int number)
    {
        var name = $"replica-{number}";
        var (process, _) = await ServerProcess.StartAsync(
            command[0],
            [.. command[1..], "run", "--kubeconfig", sandbox.KubeconfigPath, "--config", sandbox.OperatorConfigPath!, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string>
            {
                ["POD_NAME"] = name,
                ["AWS_ACCESS_KEY_ID"] = AwsEmulatorOptions.TestCredentials.AccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = AwsEmulatorOptions.TestCredentials.SecretAccessKey,
            },
            line => line.Contains("Now listening", StringComparison.Ordinal),
            directory);
        return new Replica(name, process);
    }

    /// <summary>Polls the lease until <paramref name="replica"/> holds it; when it did, by this process's clock.</summary>
    private static async Task<long> WaitForHolderAsync(KubernetesClient client, string replica)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            var lease = await client.Api.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, "default", cancellationToken: CancellationToken.None).OrNull();
            if (lease?.Spec?.HolderIdentity?.StartsWith(replica + "_", StringComparison.Ordinal) == true)
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        throw new TimeoutException($"{replica} did not take the lease within {Patience}");
    }

    /// <summary>
    /// Watches until every named stream is Idle at its latest generation; when it was, by this process's clock. A
    /// watch rather than repeated lists of the 200, which would take CPU from the replicas on a small machine.
    /// </summary>
    private static async Task<long> WaitReconciledAsync(KubernetesClient client, IReadOnlyList<string> names)
    {
        static bool Reconciled(LiveStream stream) => stream.Status?.ObservedGeneration == stream.Metadata.Generation && stream.Status?.Phase == LiveStreamPhase.Idle;

        using var timeout = new CancellationTokenSource(Patience);
        var list = await client.ListAsync<LiveStream>(AirwaveResources.LiveStreams, "default", null, timeout.Token);
        var pending = names.ToHashSet(StringComparer.Ordinal);
        pending.ExceptWith(list.Items.Where(Reconciled).Select(s => s.Metadata.Name!));
        var from = list.Metadata.ResourceVersion;
        while (pending.Count > 0)
        {
            await foreach (var change in client.WatchAsync<LiveStream>(AirwaveResources.LiveStreams, "default", new WatchOptions { ResourceVersion = from }, timeout.Token))
            {
                from = change.ResourceVersion ?? from;
                if (change.Resource is { } stream && Reconciled(stream))
                {
                    pending.Remove(stream.Metadata.Name!);
                }

                if (pending.Count == 0)
                {
                    break;
                }
            }
        }

        return Stopwatch.GetTimestamp();
    }

    private sealed record Replica(string Name, ServerProcess Process);
}
