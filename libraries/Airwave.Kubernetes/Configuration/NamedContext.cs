namespace Airwave.Kubernetes.Configuration;

public sealed record NamedContext(string Name, KubeconfigContext Context);
