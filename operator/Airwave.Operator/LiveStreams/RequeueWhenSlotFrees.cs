using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// When a stream gives up its running-channel slot (it stopped, or is gone), the streams of its namespace that
/// wait with QuotaExceeded are reconciled at once, so one of them starts without waiting for a resync.
/// </summary>
public sealed class RequeueWhenSlotFrees(WorkQueue<ObjectKey> queue, ResourceCache<LiveStream> cache) : IResourceChangeHandler<LiveStream>
{
    public const string WaitingReason = "QuotaExceeded";

    public void OnAdd(LiveStream resource)
    {
    }

    public void OnUpdate(LiveStream oldResource, LiveStream newResource)
    {
        ArgumentNullException.ThrowIfNull(oldResource);
        ArgumentNullException.ThrowIfNull(newResource);
        if (RunningChannels.Holds(oldResource) && !RunningChannels.Holds(newResource))
        {
            RequeueWaiters(newResource.Metadata.Namespace!);
        }
    }

    public void OnDelete(LiveStream resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequeueWaiters(resource.Metadata.Namespace!);
    }

    private void RequeueWaiters(string @namespace)
    {
        foreach (var waiting in cache.ListByNamespace(@namespace).Where(s => ConditionList.Find(s.Status?.Conditions, ConditionTypes.Ready)?.Reason == WaitingReason))
        {
            queue.Add(ObjectKey.Of(waiting));
        }
    }
}
