using System.Diagnostics;
using System.Globalization;
using Airwave.Benchmarking;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.LeaderElection;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>
/// A leader stopped gracefully (a rolling update, a drained node) to its follower leading, with Airwave's leader
/// election and the official C# client's, on the same lease and the same timings (client-go's defaults: a 15 s
/// lease, a 10 s renew deadline, a 2 s retry period), in alternating rounds, each on a lease of its own. The official
/// client's replicas run as processes of their own (official-elector, beside this benchmark's build); Airwave's in
/// this one.
/// </summary>
internal static class Failover
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    // Long enough for the follower to have found the lease held and to be waiting its turn.
    private static readonly TimeSpan FollowerSettles = TimeSpan.FromSeconds(5);

    // Past any lease's expiry: a round that takes longer than this failed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string kubeconfig, int rounds)
    {
        var airwave = new List<double>();
        var official = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            airwave.Add((await AirwaveFailoverAsync(KubernetesAccess.Configuration(kubeconfig), $"airwave-{round}")).TotalSeconds);
            official.Add((await OfficialFailoverAsync(kubeconfig, $"official-{round}")).TotalSeconds);
            Console.WriteLine($"round {round + 1}: Airwave {airwave[^1]:F2} s, official client {official[^1]:F2} s");
        }

        Console.WriteLine();
        Console.WriteLine($"Graceful stop of the leader to the follower leading, median of {rounds} rounds:");
        Console.WriteLine($"  Airwave's leader election (releases the lease as it stops)   {Statistics.Median(airwave).ToString("F2", CultureInfo.InvariantCulture),6} s (range {airwave.Min():F2} to {airwave.Max():F2})");
        Console.WriteLine($"  KubernetesClient's LeaderElector (the lease runs out)        {Statistics.Median(official).ToString("F2", CultureInfo.InvariantCulture),6} s (range {official.Min():F2} to {official.Max():F2})");
    }

    private static async Task<TimeSpan> AirwaveFailoverAsync(k8s.KubernetesClientConfiguration configuration, string lease)
    {

        using var first = new KubernetesClient(configuration);
        using var second = new KubernetesClient(configuration);
        return await MeasureAsync(
            (stop, leading) => Elector(first, lease, "first").RunAsync(Lead(leading), stop),
            (stop, leading) => Elector(second, lease, "second").RunAsync(Lead(leading), stop));
    }

    private static Task<TimeSpan> OfficialFailoverAsync(string kubeconfig, string lease) => MeasureAsync(
        (stop, leading) => OfficialAsync(kubeconfig, lease, "first", leading, stop),
        (stop, leading) => OfficialAsync(kubeconfig, lease, "second", leading, stop));

    /// <summary>The second replica starts once the first leads, as a rolling update's new pod joins a running one.</summary>
    private static async Task<TimeSpan> MeasureAsync(Func<CancellationToken, TaskCompletionSource<long>, Task> first, Func<CancellationToken, TaskCompletionSource<long>, Task> second)
    {
        await using var leader = new Candidate(first);
        await leader.Leading.Task.WaitAsync(Patience);
        await using var follower = new Candidate(second);
        await Task.Delay(FollowerSettles);
        if (follower.Leading.Task.IsCompleted)
        {
            throw new InvalidOperationException("the follower led while the leader still held the lease");
        }

        var stopped = Stopwatch.GetTimestamp();
        await leader.StopAsync();

        var leads = await follower.Leading.Task.WaitAsync(Patience);
        await follower.StopAsync();
        return Stopwatch.GetElapsedTime(stopped, leads);
    }

    private static Airwave.Kubernetes.LeaderElection.LeaderElector Elector(KubernetesClient client, string lease, string identity) =>
        new(client, new LeaderElectionOptions
        {
            LeaseName = lease,
            Namespace = "default",
            Identity = identity,
            LeaseDuration = LeaseDuration,
            RenewDeadline = RenewDeadline,
            RetryPeriod = RetryPeriod,
        });

    /// <summary>An official-elector process campaigning until <paramref name="stop"/>, which closes its standard input.</summary>
    private static async Task OfficialAsync(string kubeconfig, string lease, string identity, TaskCompletionSource<long> leading, CancellationToken stop)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { OfficialElectorPath, kubeconfig, lease, identity, Text(LeaseDuration), Text(RenewDeadline), Text(RetryPeriod) })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start official-elector");
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (line.StartsWith("leading ", StringComparison.Ordinal))
                {
                    leading.TrySetResult(long.Parse(line["leading ".Length..], CultureInfo.InvariantCulture));
                }
            }
        }, CancellationToken.None);
        await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.StandardInput.Close();
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(Patience, CancellationToken.None);
        await reading;
    }

    /// <summary>official-elector's build beside this one's (the same configuration; this project references it to build it).</summary>
    private static string OfficialElectorPath => Path.Combine(
        AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}Airwave.Kubernetes.Benchmarks{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}Airwave.Kubernetes.Benchmarks.OfficialElector{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
        "official-elector.dll");

    private static string Text(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static Func<CancellationToken, Task> Lead(TaskCompletionSource<long> leading) => async token =>
    {
        leading.TrySetResult(Stopwatch.GetTimestamp());
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    };

    /// <summary>One campaigning replica: started at once, stopped as a pod is (its token cancelled, then awaited).</summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Candidate(Func<CancellationToken, TaskCompletionSource<long>, Task> campaign)
        {
            _run = campaign(_stop.Token, Leading);

            // A campaign that ends before leading (an error the elector does not retry) ends the round with it.
            _ = _run.ContinueWith(
                run => Leading.TrySetException(run.Exception?.InnerException ?? new InvalidOperationException("the campaign ended without leading")),
                CancellationToken.None,
                TaskContinuationOptions.NotOnCanceled,
                TaskScheduler.Default);
        }

        public TaskCompletionSource<long> Leading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
                // A campaign may end by throwing as it is cancelled.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }
    }
}
