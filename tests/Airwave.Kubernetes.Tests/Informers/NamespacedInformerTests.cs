using Airwave.Configuration;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;
using Airwave.Sandbox.Kubernetes;

namespace Airwave.Kubernetes.Tests.Informers;

/// <summary>An informer limited to some namespaces: one cache, a list and watch per namespace, nothing from the others.</summary>
public sealed class NamespacedInformerTests
{
    [Fact]
    public async Task It_sees_the_listed_namespaces_only_and_a_relist_of_one_keeps_the_others()
    {
        await using var cluster = await SandboxCluster.StartAsync(new KubernetesApiServerOptions { WatchHistorySize = 5 });
        foreach (var @namespace in new[] { "default", "kube-public", "kube-system" })
        {
            await cluster.Client.CreateAsync(TestObject.Type, TestObject.Named("before", 1, @namespace), CancellationToken.None);
        }

        var informer = new Informer<TestObject>(cluster.Client, TestObject.Type, new InformerOptions
        {
            Namespaces = ["default", "kube-public"],
            ReconnectBackoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), Jitter: 1.0),
        });
        var handler = new RecordingHandler<TestObject>();
        informer.AddHandler(handler);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(SandboxCluster.Patience);
        Assert.Equal(["default/before", "kube-public/before"], Keys(informer));

        foreach (var @namespace in new[] { "default", "kube-public", "kube-system" })
        {
            await cluster.Client.CreateAsync(TestObject.Type, TestObject.Named("after", 1, @namespace), CancellationToken.None);
        }

        await Eventually.MatchAsync(() => Keys(informer).Count, n => n == 4, SandboxCluster.Patience, "the watches bring the new objects of both namespaces");

        // Both watches must list again (410); each relist replaces its own namespace's objects only.
        cluster.Server.Faults.ExpireWatchHistory();
        cluster.Server.Faults.DropWatches();
        await cluster.Client.DeleteAsync(TestObject.Type, "default", "before", CancellationToken.None);
        await Eventually.MatchAsync(() => Keys(informer), keys => keys.SequenceEqual(["default/after", "kube-public/after", "kube-public/before"]), SandboxCluster.Patience, "the deletion in one namespace, the other namespace kept");

        await stop.CancelAsync();
        await run;
        Assert.DoesNotContain(handler.View.Keys, k => k.Namespace == "kube-system");
        Assert.Empty(handler.Violations);
    }

    private static List<string> Keys(Informer<TestObject> informer) =>
        [.. informer.Cache.List().Select(o => $"{o.Metadata.Namespace}/{o.Metadata.Name}").Order(StringComparer.Ordinal)];
}
