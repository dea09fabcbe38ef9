using k8s.Models;

namespace Airwave.Kubernetes.Core;

public static class PodReadiness
{
    extension(V1Pod pod)
    {
        /// <summary>Whether the kubelet reports the pod Ready (every container ready), and it is not being deleted.</summary>
        public bool IsReady =>
            pod.Metadata?.DeletionTimestamp is null
            && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
    }
}
