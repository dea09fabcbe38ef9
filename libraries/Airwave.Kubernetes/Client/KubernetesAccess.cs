namespace Airwave.Kubernetes.Client;

/// <summary>Where Airwave's programs find the API server, read by the official client as kubectl reads it.</summary>
public static class KubernetesAccess
{
    /// <summary>
    /// <paramref name="kubeconfig"/> when given; else in a pod its service account (the token file, read again as
    /// the kubelet rotates it, the cluster's CA and the pod's namespace); else the files in <c>KUBECONFIG</c>, merged,
    /// or <c>~/.kube/config</c>, at their current context.
    /// </summary>
    public static k8s.KubernetesClientConfiguration Configuration(string? kubeconfig = null) =>
        kubeconfig is not null ? k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
        : k8s.KubernetesClientConfiguration.IsInCluster() ? k8s.KubernetesClientConfiguration.InClusterConfig()
        : k8s.KubernetesClientConfiguration.BuildDefaultConfig();
}
