using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>
/// One immutable revision of an object. The JSON is serialized once when it is written and shared by every
/// reader and watcher; callers that change an object work on <see cref="ToJson"/>, a private copy.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(StorageKey storage, ObjectKey key, byte[] json, long resourceVersion, string uid, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> ownerUids, bool deleting, IReadOnlyList<string> finalizers)
    {
        Storage = storage;
        Key = key;
        Json = json;
        ResourceVersion = resourceVersion;
        Uid = uid;
        Labels = labels;
        OwnerUids = ownerUids;
        IsDeleting = deleting;
        Finalizers = finalizers;
    }

    public StorageKey Storage { get; }

    public ObjectKey Key { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<string> OwnerUids { get; }

    public bool IsDeleting { get; }

    public IReadOnlyList<string> Finalizers { get; }

    public JsonObject ToJson() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>Stamps the resourceVersion into the object and freezes it.</summary>
    public static StoredObject Freeze(StorageKey storage, JsonObject obj, long resourceVersion)
    {
        var metadata = obj["metadata"]!.AsObject();
        metadata["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = new ObjectKey((string?)metadata["namespace"] ?? string.Empty, (string)metadata["name"]!);
        var labels = metadata["labels"] is JsonObject labelMap
            ? labelMap.Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string> owners = metadata["ownerReferences"] is JsonArray references
            ? [.. references.Select(r => (string?)r?["uid"]).OfType<string>()]
            : [];
        IReadOnlyList<string> finalizers = metadata["finalizers"] is JsonArray list ? [.. list.Select(f => (string?)f).OfType<string>()] : [];
        var json = JsonSerializer.SerializeToUtf8Bytes(obj, WireJson.Options);
        return new StoredObject(storage, key, json, resourceVersion, (string?)metadata["uid"] ?? string.Empty, labels, owners, metadata["deletionTimestamp"] is not null, finalizers);
    }
}
