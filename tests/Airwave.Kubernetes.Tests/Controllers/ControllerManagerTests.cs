using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Controllers;

public sealed class ControllerManagerTests
{
    [Fact]
    public async Task A_manager_of_informers_alone_keeps_their_caches_current_until_stopped()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var informer = new Informer<TestObject>(cluster.Client, TestObject.Type, new InformerOptions { Namespaces = ["default"] });
        using var stop = new CancellationTokenSource();
        var run = new ControllerManager([informer], []).RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(SandboxCluster.Patience);

        await cluster.CreateWidgetAsync("late");

        await Eventually.MatchAsync(() => informer.Cache.List().Select(w => w.Metadata.Name).ToList(), names => names.Contains("late"), SandboxCluster.Patience, "the widget made after the sync in the cache");
        Assert.False(run.IsCompleted, "the manager still runs");
        await stop.CancelAsync();
        await run.WaitAsync(SandboxCluster.Patience);
    }
}
