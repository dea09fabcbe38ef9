using Airwave.Sandbox.Kubernetes.Crds;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>One served group/version/resource: how it is named, scoped and stored, and what it validates against.</summary>
internal sealed record ResourceType(string Group, string Version, string Kind, string Plural, string Singular, bool Namespaced)
{
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Writes to the main resource ignore status, and /status writes only status.</summary>
    public bool HasStatus { get; init; }

    /// <summary>metadata.generation is set on create and bumped on changes outside metadata (and status).</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Served from a CustomResourceDefinition: strategic merge patch is refused, updates need a resourceVersion.</summary>
    public bool IsCustom { get; init; }

    public CustomResourceSchema? Schema { get; init; }

    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"configmaps" or "livestreams.media.airwave.dev", as error messages name resources.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>All versions of a resource share one storage, as they share one etcd prefix.</summary>
    public StorageKey StorageKey => new(Group, Plural);

    public static IReadOnlyList<string> Verbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
