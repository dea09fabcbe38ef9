using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Tests.Support;

public sealed record TestStatus
{
    public int ObservedReplicas { get; init; }
    public IReadOnlyList<Condition>? Conditions { get; init; }
}
