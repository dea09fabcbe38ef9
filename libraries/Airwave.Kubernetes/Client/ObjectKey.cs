using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Client;

/// <summary>Identifies an object of a known type: namespace (null for cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(KubernetesObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new(obj.Metadata.Namespace, obj.Metadata.Name ?? throw new ArgumentException("the object has no name", nameof(obj)));
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
