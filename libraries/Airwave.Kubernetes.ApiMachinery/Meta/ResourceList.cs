namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>A LIST response: the items and the resourceVersion the list is consistent at.</summary>
public sealed record ResourceList<T>
    where T : KubernetesObject
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ListMeta Metadata { get; init; } = new();
    public IReadOnlyList<T> Items { get; init; } = [];
}
