namespace Airwave.Kubernetes.ApiMachinery.Crds;

/// <summary>
/// Marks a list as a map keyed by the named fields (x-kubernetes-list-type: map), so that
/// server-side apply merges entries by key instead of replacing the whole list.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
