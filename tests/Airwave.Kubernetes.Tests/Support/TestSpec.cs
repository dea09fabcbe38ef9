namespace Airwave.Kubernetes.Tests.Support;

public sealed record TestSpec
{
    public int Replicas { get; init; }
}
