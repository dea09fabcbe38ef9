namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>The type and object metadata shared by every Kubernetes object.</summary>
public abstract record KubernetesObject
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ObjectMeta Metadata { get; init; } = new();
}

/// <summary>A custom resource: metadata, the desired state users write and the observed state the operator writes.</summary>
public abstract record CustomResource<TSpec, TStatus> : KubernetesObject
    where TSpec : class
    where TStatus : class
{
    public required TSpec Spec { get; init; }
    public TStatus? Status { get; init; }
}
