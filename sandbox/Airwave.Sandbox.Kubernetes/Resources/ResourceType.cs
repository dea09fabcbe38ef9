using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>The other subresources served (discovery lists them).</summary>
    public IReadOnlyList<Subresource> Subresources { get; init; } = [];

    /// <summary>metadata.generation is set on create and bumped on changes outside metadata (and status).</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Served from a CustomResourceDefinition: strategic merge patch is refused, updates need a resourceVersion.</summary>
    public bool IsCustom { get; init; }

    public CustomResourceSchema? Schema { get; init; }

    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>Set when objects are stored in another resource's shape (see <see cref="StoredWith"/>).</summary>
    public IObjectConversion? Conversion { get; init; }

    /// <summary>The storage of another resource this one shares, through <see cref="Conversion"/>.</summary>
    public StorageKey? StoredWith { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"configmaps" or "livestreams.media.airwave.dev", as error messages name resources.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>All versions of a resource share one storage, as they share one etcd prefix.</summary>
    public StorageKey StorageKey => StoredWith ?? new(Group, Plural);

    /// <summary>The object as clients of this resource see it.</summary>
    public JsonObject ServedJson(StoredObject obj) => Conversion is { } conversion ? conversion.ToServed(obj.ToJson()) : obj.ToJson();

    /// <summary>The object's JSON as clients of this resource see it; without a conversion, the stored bytes themselves.</summary>
    public byte[] ServedBytes(StoredObject obj) =>
        Conversion is { } conversion ? JsonSerializer.SerializeToUtf8Bytes(conversion.ToServed(obj.ToJson()), WireJson.Options) : obj.Json;

    public static IReadOnlyList<string> Verbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The verbs discovery lists: all of <see cref="Verbs"/> for stored resources, only create for the reviews.</summary>
    public IReadOnlyList<string> ServedVerbs { get; init; } = Verbs;

    /// <summary>A review (TokenReview, SubjectAccessReview): answered when created, never stored.</summary>
    public bool IsReview => ServedVerbs is ["create"];
}
