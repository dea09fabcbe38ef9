using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Controllers;

internal static class InformerAdds
{
    /// <summary>
    /// Queues <paramref name="key"/> for a change <paramref name="informer"/> reported: at low priority while the
    /// informer is still on its first list, since what that finds is there because the process started, not because
    /// it changed.
    /// </summary>
    public static void AddFrom(this WorkQueue<ObjectKey> queue, IInformer informer, ObjectKey key)
    {
        if (informer.HasSynced)
        {
            queue.Add(key);
        }
        else
        {
            queue.AddLowPriority(key);
        }
    }
}
