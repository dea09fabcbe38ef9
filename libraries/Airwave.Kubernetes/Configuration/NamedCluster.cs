namespace Airwave.Kubernetes.Configuration;

public sealed record NamedCluster(string Name, KubeconfigCluster Cluster);
