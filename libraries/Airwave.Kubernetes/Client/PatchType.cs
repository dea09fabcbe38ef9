namespace Airwave.Kubernetes.Client;

public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch: objects merge, lists and scalars replace, null deletes.</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch: a list of operations, with "test" for optimistic checks.</summary>
    Json,

    /// <summary>Server-side apply: the server merges the fields this field manager owns.</summary>
    Apply,
}
