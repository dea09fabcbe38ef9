using System.Collections.Concurrent;
using System.Diagnostics;
using Airwave.Kubernetes.Controllers;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>A no-op reconciler that notes when each object version was first reconciled.</summary>
internal sealed class CountingReconciler : IReconciler<BenchConfigMap>
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Stopwatch timestamp of the first reconcile of each resourceVersion.</summary>
    public ConcurrentDictionary<string, long> FirstSeen { get; } = new();

    public Task<ReconcileResult> ReconcileAsync(BenchConfigMap resource, CancellationToken cancellationToken)
    {
        FirstSeen.TryAdd(resource.Metadata.ResourceVersion!, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _count);
        return Task.FromResult(ReconcileResult.Done);
    }
}
