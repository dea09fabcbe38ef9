using System.Collections.Concurrent;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Tests.Informers;

/// <summary>
/// The API server ends every watch when its timeoutSeconds is up (every 5 to 10 minutes for an informer). That is the
/// normal life of a watch, not a failure: the informer resumes at once, logs nothing alarming, and never lets its
/// reconnect backoff grow from it, however many expiries an installation has seen. Every wait for backoff is said in a
/// warning, so no warning means no wait; how soon the next watch starts is the machine's, not asserted here.
/// </summary>
public sealed class WatchExpiryTests
{
    private const int Expiries = 10;
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Across_ten_server_side_expiries_the_informer_resumes_without_backoff_or_warnings_and_misses_nothing()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        await cluster.CreateWidgetAsync("w");

        var metrics = new TestMetrics();
        await using var restarts = new RestartRecorder(metrics);
        var logs = new RecordedLogs();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var watchesStarted = 0;
        using var observer = cluster.Server.Faults.Observe(r =>
        {
            if (r.Verb == "watch" && r.IsFrom("informer-under-test"))
            {
                Interlocked.Increment(ref watchesStarted);
            }
        });

        // The default backoff (500 ms, doubling to 30 s): counted as failures, ten expiries would reach it.
        var client = new KubernetesClient(cluster.Configuration, new KubernetesClientOptions { Json = TestJson.Options, UserAgent = "informer-under-test", Metrics = metrics.Kubernetes, LoggerFactory = loggerFactory });
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

        for (var i = 2; i < Expiries + 2; i++)
        {
            // Around the time the server ends the watch and the informer resumes: each change still arrives.
            await restarts.ClosedAsync(i - 1).WaitAsync(SandboxCluster.Patience);
            await cluster.SetReplicasAsync("w", i);
            await seen.WhenSeen(i).WaitAsync(SandboxCluster.Patience);
        }

        await stop.CancelAsync();
        await run;

        // A backoff is always said in a warning: none means the informer never waited to resume.
        var alarms = logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(alarms.Count == 0, string.Join('\n', alarms));
        Assert.True(watchesStarted > Expiries, $"{watchesStarted} watches for {Expiries} expiries");
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

    /// <summary>Each spec.replicas value of the widget, once it reached a handler.</summary>
    private sealed class ReplicasSeen : IResourceChangeHandler<TestObject>
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _seen = new();

        public Task WhenSeen(int replicas) => Slot(replicas).Task;

        public void OnAdd(TestObject resource) => Saw(resource);

        public void OnUpdate(TestObject oldResource, TestObject newResource) => Saw(newResource);

        public void OnDelete(TestObject resource)
        {
        }

        private void Saw(TestObject resource) => Slot(resource.Spec.Replicas).TrySetResult();

        private TaskCompletionSource Slot(int replicas) =>
            _seen.GetOrAdd(replicas, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
