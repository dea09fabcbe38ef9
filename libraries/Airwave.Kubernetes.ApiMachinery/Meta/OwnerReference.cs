namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>metav1.OwnerReference: ties a dependent to the object that garbage collection follows.</summary>
public sealed record OwnerReference
{
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public bool? Controller { get; init; }
    public bool? BlockOwnerDeletion { get; init; }
}
