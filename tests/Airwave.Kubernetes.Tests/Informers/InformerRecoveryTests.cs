using Airwave.Configuration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;
using Airwave.Sandbox.Kubernetes;

namespace Airwave.Kubernetes.Tests.Informers;

public sealed class InformerRecoveryTests
{
    private static readonly InformerOptions FastReconnect = new()
    {
        Namespaces = ["default"],
        ReconnectBackoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), Jitter: 1.0),
    };

    [Fact]
    public async Task After_a_dropped_watch_500s_429s_and_a_forced_410_the_cache_and_handlers_converge_without_duplicates()
    {
        await using var cluster = await SandboxCluster.StartAsync(new KubernetesApiServerOptions
        {
            WatchHistorySize = 20,
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        });
        for (var i = 0; i < 30; i++)
        {
            await cluster.CreateWidgetAsync($"w{i}");
        }

        // The informer has a client of its own so that the faults below hit it and not the test's writes.
        var metrics = new TestMetrics();
        var informer = new Informer<TestObject>(cluster.NewClient("informer-under-test", metrics.Kubernetes), TestObject.Type, FastReconnect);
        var handler = new RecordingHandler<TestObject>();
        informer.AddHandler(handler);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(SandboxCluster.Patience);

        // A watch dropped mid-stream while changes keep coming.
        for (var i = 0; i < 10; i++)
        {
            await cluster.SetReplicasAsync($"w{i}", 2);
        }

        cluster.Server.Faults.DropWatches();
        for (var i = 10; i < 20; i++)
        {
            await cluster.SetReplicasAsync($"w{i}", 2);
        }

        // The reconnect meets 500s, then 429s, on list and watch alike.
        static bool ListOrWatch(FaultRequest r) =>
            r.Verb is "list" or "watch" && r.Headers.TryGetValue("User-Agent", out var agent) && agent.Contains("informer-under-test", StringComparison.Ordinal);
        cluster.Server.Faults.FailNext(3, 500, ListOrWatch);
        cluster.Server.Faults.FailNext(2, 429, ListOrWatch, TimeSpan.FromSeconds(1));
        cluster.Server.Faults.DropWatches();
        for (var i = 20; i < 30; i++)
        {
            await cluster.SetReplicasAsync($"w{i}", 3);
        }

        for (var i = 0; i < 5; i++)
        {
            await cluster.Client.DeleteAsync(TestObject.Type, "default", $"w{i}", CancellationToken.None);
        }

        // The version the informer resumes from has left the history: 410, so it must list again,
        // and the changes made meanwhile (more than the history holds) are only visible in that list.
        cluster.Server.Faults.ExpireWatchHistory();
        cluster.Server.Faults.DropWatches();
        for (var i = 0; i < 5; i++)
        {
            await cluster.CreateWidgetAsync($"new{i}");
        }

        for (var i = 5; i < 30; i++)
        {
            await cluster.SetReplicasAsync($"w{i}", 4);
        }

        for (var i = 10; i < 13; i++)
        {
            await cluster.Client.DeleteAsync(TestObject.Type, "default", $"w{i}", CancellationToken.None);
        }

        var list = await cluster.Client.ListAsync<TestObject>(TestObject.Type, "default", null, CancellationToken.None);
        var expected = list.Items.ToDictionary(ObjectKey.Of, w => w.Metadata.ResourceVersion!);
        await Eventually.MatchAsync(() => handler.View, view => SameState(expected, view), SandboxCluster.Patience, "the handlers seeing the server's final state");
        await stop.CancelAsync();
        await run;

        Assert.Equal(expected.Count, informer.Cache.Count);
        Assert.All(expected, e => Assert.Equal(e.Value, informer.Cache.Get(e.Key)?.Metadata.ResourceVersion));
        Assert.Equal(4, informer.Cache.Get(new ObjectKey("default", "w29"))!.Spec.Replicas);
        Assert.Empty(handler.Violations);
        var restarts = await metrics.ScrapeAsync();
        Assert.True(restarts.Sum("airwave_informer_watch_restarts_total", ("reason", "expired")) >= 1, "the informer never saw the 410");
        Assert.True(restarts.Sum("airwave_informer_watch_restarts_total", ("reason", "error")) >= 2, "the informer never saw the dropped watches and injected errors");
    }

    [Fact]
    public async Task A_handler_added_after_sync_is_told_about_every_cached_object_once()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        await cluster.CreateWidgetAsync("a");
        await cluster.CreateWidgetAsync("b");
        var informer = new Informer<TestObject>(cluster.Client, TestObject.Type, FastReconnect);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(SandboxCluster.Patience);

        var handler = new RecordingHandler<TestObject>();
        informer.AddHandler(handler);
        await cluster.CreateWidgetAsync("c");
        await Eventually.MatchAsync(() => handler.View.Count, n => n == 3, SandboxCluster.Patience, "three objects");
        await stop.CancelAsync();
        await run;

        Assert.Equal(["a", "b", "c"], handler.View.Keys.Select(k => k.Name).Order());
        Assert.Empty(handler.Violations);
    }

    private static bool SameState(Dictionary<ObjectKey, string> expected, IReadOnlyDictionary<ObjectKey, string> actual) =>
        expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value);
}
