namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>The list type of one list field; <see cref="Keys"/> are the x-kubernetes-list-map-keys of a map list.</summary>
internal sealed record ListType(ListKind Kind, IReadOnlyList<string> Keys)
{
    public static ListType Atomic { get; } = new(ListKind.Atomic, []);

    public static ListType Set { get; } = new(ListKind.Set, []);

    public static ListType MapBy(params string[] keys) => new(ListKind.Map, keys);
}
