namespace Airwave.Kubernetes.Configuration;

public sealed record KubeconfigContext
{
    public required string Cluster { get; init; }
    public string? User { get; init; }
    public string? Namespace { get; init; }
}
