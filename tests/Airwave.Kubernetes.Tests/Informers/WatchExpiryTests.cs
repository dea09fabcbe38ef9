using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
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
    private static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Across_ten_server_side_expiries_the_informer_resumes_at_once_without_warnings_and_misses_nothing()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        await cluster.CreateWidgetAsync("w");

        using var metrics = new KubernetesMetrics();
        using var restarts = new RestartRecorder(metrics);
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
        var client = new KubernetesClient(cluster.Configuration, new KubernetesClientOptions { UserAgent = "informer-under-test", Metrics = metrics, LoggerFactory = loggerFactory });
        var informer = new Informer<TestObject>(client, TestObject.Type, new InformerOptions
        {
            Namespaces = ["default"],
            MinWatchTimeout = TimeSpan.FromSeconds(1),
            MaxWatchTimeout = TimeSpan.FromSeconds(1),
        });
        var seen = new ReplicasSeen();
        informer.AddHandler(seen);
        var recording = new RecordingHandler<TestObject>();
        informer.AddHandler(recording);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(SandboxCluster.Patience);

        var delivery = new List<TimeSpan>();
        var ended = new List<long>();
        for (var i = 2; i < Expiries + 2; i++)
        {
            // Right after the server ended the watch, before or while the informer resumes.
            var restart = await restarts.NextAsync().AsTask().WaitAsync(SandboxCluster.Patience);
            Assert.Equal("closed", restart.Reason);
            ended.Add(restart.At);
            var changed = Stopwatch.GetTimestamp();
            await cluster.SetReplicasAsync("w", i);
            var arrived = await seen.WhenSeen(i).WaitAsync(SandboxCluster.Patience);
            delivery.Add(Stopwatch.GetElapsedTime(changed, arrived));
        }

        await stop.CancelAsync();
        await run;

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
        Assert.All(delivery, d => Assert.True(d <= DeliveryBound, $"a change made after an expiry reached the handler after {d.TotalMilliseconds:F0} ms"));
        var starts = watchesStarted.ToArray();
        Assert.All(ended, end =>
        {
            var next = starts.Where(s => s >= end).DefaultIfEmpty(long.MaxValue).Min();
            Assert.True(next != long.MaxValue, "no watch started after an expiry");
            var reconnect = Stopwatch.GetElapsedTime(end, next);
            Assert.True(reconnect <= ReconnectBound, $"the watch resumed {reconnect.TotalMilliseconds:F0} ms after an expiry");
        });
        Assert.Equal(0, restarts.Count(r => r != "closed"));
        Assert.Empty(recording.Violations);
    }

    /// <summary>Each informer restart with its reason, in order, as airwave_informer_watch_restarts_total counts it.</summary>
    private sealed class RestartRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Channel<(string Reason, long At)> _restarts = Channel.CreateUnbounded<(string, long)>();
        private readonly ConcurrentQueue<string> _reasons = new();

        public RestartRecorder(KubernetesMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == metrics.Meter && instrument.Name == "airwave_informer_watch_restarts_total")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                var at = Stopwatch.GetTimestamp();
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason" && tag.Value is string reason)
                    {
                        _reasons.Enqueue(reason);
                        _restarts.Writer.TryWrite((reason, at));
                    }
                }
            });
            _listener.Start();
        }

        public ValueTask<(string Reason, long At)> NextAsync() => _restarts.Reader.ReadAsync();

        public int Count(Func<string, bool> which) => _reasons.Count(which);

        public void Dispose() => _listener.Dispose();
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
