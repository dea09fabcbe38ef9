using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// The loop of a kube-controller-manager controller: every change of the kind it manages, or of an object such a
/// resource controls, reconciles that resource; a sweep every second reconciles them all, for what time alone
/// changes (deadlines, TTLs).
/// </summary>
internal abstract class WorkloadController(ResourceService service, StorageKey managed, TimeProvider time)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);

    protected ResourceService Service => service;

    protected TimeProvider Time => time;

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = service.Store.Watch(WatchFilter.Everything, service.Store.ResourceVersion);
        var nextSweep = time.GetUtcNow() + Sweep;
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Sweep);
            try
            {
                var change = await subscription.Events.ReadAsync(wait.Token);
                Handle(change.Object);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Nothing changed for a while: the sweep below still runs.
            }

            if (time.GetUtcNow() >= nextSweep)
            {
                nextSweep = time.GetUtcNow() + Sweep;
                foreach (var resource in service.Store.List(managed, null).Items)
                {
                    Reconcile(resource);
                }
            }
        }
    }

    /// <summary>The pods a resource controls that are not being deleted.</summary>
    protected IReadOnlyList<OwnedPod> PodsOf(StoredObject owner) =>
        [.. service.Store.Dependents(owner.Uid).Where(p => p.Storage == BuiltInResources.Pods.StorageKey && !p.IsDeleting).Select(p => new OwnedPod(p))];

    /// <summary>Reconciles one resource that exists and is not being deleted.</summary>
    protected abstract void ReconcileOne(StoredObject resource);

    /// <summary>The managed objects a change of another object concerns: by default those that own it.</summary>
    protected virtual IEnumerable<StoredObject> Concerned(StoredObject changed) =>
        changed.OwnerUids.Select(service.Store.FindByUid).OfType<StoredObject>().Where(o => o.Storage == managed);

    private void Handle(StoredObject changed)
    {
        if (changed.Storage == managed)
        {
            Reconcile(changed);
            return;
        }

        foreach (var owner in Concerned(changed))
        {
            Reconcile(owner);
        }
    }

    private void Reconcile(StoredObject stored)
    {
        try
        {
            if (service.Store.Get(stored.Storage, stored.Key) is { IsDeleting: false } current && current.Uid == stored.Uid)
            {
                ReconcileOne(current);
            }
        }
        catch (ApiException)
        {
            // Something changed meanwhile; the next change or sweep comes back to it.
        }
    }
}
