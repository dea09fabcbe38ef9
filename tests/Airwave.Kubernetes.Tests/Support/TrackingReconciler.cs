using System.Collections.Concurrent;
using System.Diagnostics;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>Runs a test's reconcile logic and records every call: when, with what, and whether it overlapped another for the same object.</summary>
internal sealed class TrackingReconciler(Func<TestObject, int, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler<TestObject>
{
    private readonly ConcurrentDictionary<ObjectKey, int> _inFlight = new();
    private readonly ConcurrentQueue<ReconcileCall> _calls = new();
    private int _overlaps;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public IReadOnlyList<ReconcileCall> Calls => [.. _calls];

    public IReadOnlyList<ReconcileCall> CallsFor(string name) => [.. _calls.Where(c => c.Resource.Metadata.Name == name)];

    public async Task<ReconcileResult> ReconcileAsync(TestObject resource, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(resource);
        if (_inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var attempt = _calls.Count(c => c.Resource.Metadata.Name == resource.Metadata.Name);
            return await reconcile(resource, attempt, cancellationToken);
        }
        finally
        {
            _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            _calls.Enqueue(new ReconcileCall(resource, started, Stopwatch.GetTimestamp()));
        }
    }
}
