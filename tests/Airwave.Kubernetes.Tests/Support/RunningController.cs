using Airwave.Configuration;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>A widget informer and controller running against a sandbox until disposed.</summary>
internal sealed class RunningController : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RunningController(SandboxCluster cluster, TrackingReconciler reconciler, int concurrency = 1, ExponentialBackoff? backoff = null, ILoggerFactory? loggerFactory = null, KubernetesMetrics? metrics = null, Func<Airwave.Kubernetes.ApiMachinery.Meta.KubernetesObject, Airwave.Kubernetes.ApiMachinery.Meta.KubernetesObject, bool>? updateFilter = null)
    {
        Informer = new Informer<TestObject>(cluster.Client, TestObject.Type, new InformerOptions { Namespaces = ["default"] });
        Controller = new Controller<TestObject>(
            Informer,
            reconciler,
            new ControllerOptions { Name = "widgets", MaxConcurrentReconciles = concurrency, Backoff = backoff ?? ExponentialBackoff.PerItemDefault, UpdateFilter = updateFilter },
            metrics,
            loggerFactory);
        _run = new ControllerManager([Informer], [Controller]).RunAsync(_stop.Token);
    }

    public Informer<TestObject> Informer { get; }
    public Controller<TestObject> Controller { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        Controller.Dispose();
        _stop.Dispose();
    }
}
