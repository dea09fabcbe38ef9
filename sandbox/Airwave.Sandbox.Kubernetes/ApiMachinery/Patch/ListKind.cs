namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>x-kubernetes-list-type: how server-side apply merges a list and records who owns it.</summary>
internal enum ListKind
{
    /// <summary>Replaced whole and owned as one field (the default for lists without a list type).</summary>
    Atomic,

    /// <summary>Distinct scalar values, each owned separately.</summary>
    Set,

    /// <summary>Objects identified by their key fields, each merged and owned field by field.</summary>
    Map,
}
