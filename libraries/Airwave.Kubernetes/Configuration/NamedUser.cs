namespace Airwave.Kubernetes.Configuration;

public sealed record NamedUser(string Name, KubeconfigUser User);
