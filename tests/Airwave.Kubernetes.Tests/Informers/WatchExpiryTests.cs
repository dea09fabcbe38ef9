using System.Collections.Concurrent;
using System.Diagnostics;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Tests.Informers;

/// <summary>
/// The API server ends every watch when its timeoutSeconds is up (every 5 to 10 minutes for an informer). That is the
/// normal life of a watch, not a failure: the informer resumes at once, logs nothing alarming, and never lets its
/// reconnect backoff grow from it, however many expiries an installation has seen.
/// </summary>
public sealed class WatchExpiryTests
{
    private const int Expiries = 10;
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Across_ten_server_side_expiries_the_informer_resumes_at_once_without_warnings_and_misses_nothing()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        await cluster.CreateWidgetAsync("w");

        var metrics = new TestMetrics();
        await using var restarts = new RestartRecorder(metrics);
        var logs = new RecordedLogs();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var watchesStarted = new ConcurrentQueue<long>();
        using var observer = cluster.Server.Faults.Observe(r =>
        {
            if (r.Verb == "watch" && r.IsFrom("informer-under-test"))
            {
                watchesStarted.Enqueue(Stopwatch.GetTimestamp());
            }
        });

        // The default backoff (500 ms, doubling to 30 s): counted as failures, ten expiries would reach it.
        var client = new KubernetesClient(cluster.Configuration, new KubernetesClientOptions { UserAgent = "informer-under-test", Metrics = metrics.Kubernetes, LoggerFactory = loggerFactory });
        var informer = new Informer<TestObject>(client, TestObject.Type, new InformerOptions
        {
            Namespaces = ["default"],
            MinWatchTimeout = WatchTimeout,
            MaxWatchTimeout = WatchTimeout,
        });
        var seen = new ReplicasSeen();
        informer.AddHandler(seen);
        var recording = new RecordingHandler<TestObject>();
        informer.AddHandler(recording);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(SandboxCluster.Patience);

        var delivery = new List<TimeSpan>();
        for (var i = 2; i < Expiries + 2; i++)
        {
            // Within milliseconds of the server ending the watch, around the time the informer resumes.
            await restarts.ClosedAsync(i - 1).WaitAsync(SandboxCluster.Patience);
            var changed = Stopwatch.GetTimestamp();
            await cluster.SetReplicasAsync("w", i);
            var arrived = await seen.WhenSeen(i).WaitAsync(SandboxCluster.Patience);
            delivery.Add(Stopwatch.GetElapsedTime(changed, arrived));
        }

        await stop.CancelAsync();
        await run;

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
        Assert.All(delivery, d => Assert.True(d <= DeliveryBound, $"a change made after an expiry reached the handler after {d.TotalMilliseconds:F0} ms"));

        // The server ends each watch WatchTimeout after it began; the next one arrives within the bound after that.
        var starts = watchesStarted.ToArray();
        Assert.True(starts.Length > Expiries, $"{starts.Length} watches for {Expiries} expiries");
        Assert.All(starts.Zip(starts.Skip(1)), pair =>
        {
            var reconnect = Stopwatch.GetElapsedTime(pair.First, pair.Second) - WatchTimeout;
            Assert.True(reconnect <= ReconnectBound, $"the watch resumed {reconnect.TotalMilliseconds:F0} ms after an expiry");
        });
        Assert.Equal(0, await restarts.OtherThanClosedAsync());
        Assert.Empty(recording.Violations);
    }

    /// <summary>
    /// The informer's restarts as airwave_informer_watch_restarts_total counts them, looked at every few milliseconds
    /// from start to end, whatever the test is doing meanwhile.
    /// </summary>
    private sealed class RestartRecorder : IAsyncDisposable
    {
        private const string Restarts = "airwave_informer_watch_restarts_total";
        private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(5);

        private readonly TestMetrics _metrics;
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _closed = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _looking;

        public RestartRecorder(TestMetrics metrics)
        {
            _metrics = metrics;
            _looking = LookAsync(_stop.Token);
        }

        /// <summary>Completes once <paramref name="count"/> watches ended by the server are counted.</summary>
        public Task ClosedAsync(int count) => Slot(count).Task;

        public async Task<double> OtherThanClosedAsync()
        {
            var scrape = await _metrics.ScrapeAsync();
            return scrape.Sum(Restarts) - scrape.Sum(Restarts, ("reason", "closed"));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _looking;
            _stop.Dispose();
        }

        private async Task LookAsync(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(Look);
            var counted = 0;
            do
            {
                var closed = (int)(await _metrics.ScrapeAsync()).Sum(Restarts, ("reason", "closed"));
                for (; counted < closed; counted++)
                {
                    Slot(counted + 1).TrySetResult();
                }
            }
            while (await NextTickAsync(timer, stop));
        }

        private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stop)
        {
            try
            {
                return await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private TaskCompletionSource Slot(int count) =>
            _closed.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>When each spec.replicas value of the widget first reached a handler.</summary>
    private sealed class ReplicasSeen : IResourceChangeHandler<TestObject>
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource<long>> _seen = new();

        public Task<long> WhenSeen(int replicas) => Slot(replicas).Task;

        public void OnAdd(TestObject resource) => Saw(resource);

        public void OnUpdate(TestObject oldResource, TestObject newResource) => Saw(newResource);

        public void OnDelete(TestObject resource)
        {
        }

        private void Saw(TestObject resource) => Slot(resource.Spec.Replicas).TrySetResult(Stopwatch.GetTimestamp());

        private TaskCompletionSource<long> Slot(int replicas) =>
            _seen.GetOrAdd(replicas, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
