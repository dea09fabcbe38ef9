using System.Text.Json;

namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>metav1.ObjectMeta: the metadata every persisted Kubernetes object carries.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }
    public string? GenerateName { get; init; }
    public string? Namespace { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long? Generation { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? DeletionTimestamp { get; init; }
    public long? DeletionGracePeriodSeconds { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }
    public IReadOnlyList<string>? Finalizers { get; init; }

    // Server-side apply bookkeeping; clients round-trip it without interpreting it.
    public IReadOnlyList<JsonElement>? ManagedFields { get; init; }
}
