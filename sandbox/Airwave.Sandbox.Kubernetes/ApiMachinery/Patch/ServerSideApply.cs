// Server-side apply, modelled on the API server's field manager (k8s.io/apiserver fieldmanager and
// sigs.k8s.io/structured-merge-diff). What it does as upstream does:
// - merges the applied configuration into the live object: maps recursively, `map` lists by their keys,
//   `set` lists as a union, `atomic` lists and scalars replaced;
// - removes fields the same manager applied before and omits now, unless another manager also owns them;
// - records ownership in metadata.managedFields entries {manager, operation: Apply|Update, apiVersion, time,
//   fieldsType: FieldsV1, fieldsV1} with the FieldsV1 encoding (f:, k:{...}, v:..., ".");
// - a field another manager owns and the apply would change is a conflict; equal values become shared ownership;
//   force takes the conflicting fields over; Update writes (RecordUpdate) take ownership of what they change and
//   never conflict;
// - managedFields entries are sorted by operation, time and manager; entries left owning nothing are dropped;
//   apiVersion, kind and server-owned metadata (name, namespace, uid, resourceVersion, generation,
//   creationTimestamp, deletion*, managedFields) are never owned; an apply that changes nothing changes nothing,
//   not even the managedFields time;
// - managedFields a writer sends with an update are the starting point when they own anything (kubectl's move from
//   client-side to server-side apply rewrites them), and managedFields: [{}] clears them.
// Simplified versus upstream:
// - list types come from ListTypes: built-in kinds use their strategic-merge keys, so container ports are keyed
//   by containerPort and Service ports by port alone (upstream: containerPort+protocol, port+protocol), and
//   unions, x-kubernetes-preserve-unknown-fields details and embedded resources get no special treatment;
//   of k8s.io/api's atomic structs only label selectors, a Service's selector and owner references are atomic;
// - no schema-aware type conversion: the applied object is taken as JSON, validated and defaulted by the caller
//   (the server must also drop status for kinds with a status subresource before applying to the main resource);
// - explicit nulls in an applied configuration remove the field and are not owned;
// - items of merged lists keep the live order, new items are appended (upstream orders by the applied list);
// - fields removed because a manager stopped applying them leave their now-empty parent maps in place;
// - Update entries are keyed by manager alone (upstream: manager and apiVersion) and not capped (upstream folds
//   old ones into "ancient-changes"), and there is no "before-first-apply" bookkeeping for objects created
//   without managedFields;
// - an apply that changes only the manager's field set (not the object) still stamps a new time;
// - no apiVersion conversion of field sets: every entry is taken to describe the stored version's fields.
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>Server-side apply ("application/apply-patch+yaml") and the field ownership it relies on.</summary>
public static class ServerSideApply
{
    private static readonly string[][] ServerOwnedFields =
    [
        ["f:apiVersion"],
        ["f:kind"],
        ["f:metadata", "f:name"],
        ["f:metadata", "f:namespace"],
        ["f:metadata", "f:uid"],
        ["f:metadata", "f:resourceVersion"],
        ["f:metadata", "f:generation"],
        ["f:metadata", "f:creationTimestamp"],
        ["f:metadata", "f:deletionTimestamp"],
        ["f:metadata", "f:deletionGracePeriodSeconds"],
        ["f:metadata", "f:selfLink"],
        ["f:metadata", "f:managedFields"],
    ];

    /// <summary>
    /// Applies <paramref name="applied"/> as <paramref name="fieldManager"/> to <paramref name="live"/> (null when the
    /// object does not exist yet). Neither input is modified.
    /// </summary>
    public static ApplyResult Apply(JsonNode? live, JsonObject applied, string fieldManager, bool force, ListTypes listTypes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        ArgumentNullException.ThrowIfNull(listTypes);
        if (applied["metadata"]?["managedFields"] is JsonArray { Count: > 0 })
        {
            throw new PatchException("metadata.managedFields must be nil");
        }

        var current = live switch
        {
            null => new JsonObject(),
            JsonObject liveObject => (JsonObject)liveObject.DeepClone(),
            _ => throw new PatchException("server-side apply needs a JSON object to apply to"),
        };
        var entries = ManagedFieldsEntry.ReadAll(current);
        var mine = entries.FirstOrDefault(entry => entry.Is(fieldManager, ManagedFieldsEntry.Apply, subresource: null));
        var others = entries.Where(entry => entry != mine).ToList();

        var config = (JsonObject)applied.DeepClone();
        (config["metadata"] as JsonObject)?.Remove("managedFields");
        var appliedFields = Owned(config, listTypes);
        var merged = (JsonObject)Merge(current, config, listTypes);
        var changed = FieldSet.Changed(current, merged, listTypes).Intersect(appliedFields);

        var conflicts = new List<ApplyConflict>();
        for (var i = 0; i < others.Count; i++)
        {
            var taken = others[i].Fields.Intersect(changed);
            if (taken.IsEmpty)
            {
                continue;
            }

            if (force)
            {
                others[i] = others[i] with { Fields = others[i].Fields.Except(taken) };
            }
            else
            {
                conflicts.AddRange(taken.Members.Select(path => new ApplyConflict(others[i].Manager, others[i].Describe(), FieldSet.Format(path))));
            }
        }

        if (conflicts.Count > 0)
        {
            return new ApplyResult(current, conflicts);
        }

        var previouslyApplied = mine?.Fields ?? new FieldSet();
        foreach (var path in previouslyApplied.Except(appliedFields).Members)
        {
            if (!others.Any(entry => entry.Fields.Touches(path)))
            {
                Remove(merged, path);
            }
        }

        var nothingChanged = mine is not null
            && JsonValues.AreEqual(merged, current)
            && JsonValues.AreEqual(mine.Fields.ToFieldsV1(), appliedFields.ToFieldsV1())
            && mine.ApiVersion == ApiVersion(applied);
        if (nothingChanged)
        {
            return new ApplyResult(current, []);
        }

        WriteEntries(merged, [.. others, new ManagedFieldsEntry(fieldManager, ManagedFieldsEntry.Apply, ApiVersion(applied), now, null, appliedFields)], listTypes);
        return new ApplyResult(merged, []);
    }

    /// <summary>
    /// Records that <paramref name="fieldManager"/> wrote <paramref name="after"/> with an ordinary create, update or
    /// patch (before is null on create): it becomes the owner, with operation Update, of every field it changed,
    /// other managers lose those fields, and fields that no longer exist are owned by nobody.
    /// Returns a copy of <paramref name="after"/> carrying the resulting managedFields. As upstream, managedFields
    /// that the writer sent (kubectl rewrites them when it moves an object from client-side to server-side apply)
    /// are the starting point when they own anything, and <c>managedFields: [{}]</c> clears them; otherwise the
    /// live object's are. A write through a subresource ("status") gets its own entry, as upstream.
    /// </summary>
    public static JsonObject RecordUpdate(JsonNode? before, JsonObject after, string fieldManager, ListTypes listTypes, DateTimeOffset now, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        ArgumentNullException.ThrowIfNull(listTypes);

        var result = (JsonObject)after.DeepClone();
        if (after["metadata"]?["managedFields"] is JsonArray { Count: > 0 } supplied && supplied.All(entry => entry is JsonObject { Count: 0 }))
        {
            result["metadata"]!.AsObject().Remove("managedFields");
            return result;
        }

        var entries = ManagedFieldsEntry.ReadAll(after);
        if (entries.All(entry => entry.Fields.IsEmpty))
        {
            entries = ManagedFieldsEntry.ReadAll(before);
        }

        var beforeWithoutOwnership = before?.DeepClone();
        if (beforeWithoutOwnership?["metadata"] is JsonObject beforeMetadata)
        {
            beforeMetadata.Remove("managedFields");
        }

        (result["metadata"] as JsonObject)?.Remove("managedFields");
        var changed = Strip(FieldSet.Changed(beforeWithoutOwnership, result, listTypes));

        var mine = entries.FirstOrDefault(entry => entry.Is(fieldManager, ManagedFieldsEntry.Update, subresource));
        var updated = entries
            .Where(entry => entry != mine)
            .Select(entry => entry with { Fields = entry.Fields.Except(changed) })
            .ToList();
        if (!changed.IsEmpty)
        {
            updated.Add(new ManagedFieldsEntry(fieldManager, ManagedFieldsEntry.Update, ApiVersion(after), now, subresource, (mine?.Fields ?? new FieldSet()).Union(changed)));
        }
        else if (mine is not null)
        {
            updated.Add(mine);
        }

        WriteEntries(result, updated, listTypes);
        return result;
    }

    private static FieldSet Owned(JsonObject obj, ListTypes listTypes) => Strip(FieldSet.Of(obj, listTypes));

    private static FieldSet Strip(FieldSet fields) => fields.Without(ServerOwnedFields);

    // Fields that vanished from the object are owned by nobody any more.
    private static void WriteEntries(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries, ListTypes listTypes)
    {
        var existing = FieldSet.Of(obj, listTypes);
        ManagedFieldsEntry.WriteAll(obj, entries.Select(entry => entry with { Fields = entry.Fields.PresentIn(existing) }));
    }

    private static string? ApiVersion(JsonObject obj) => (string?)obj["apiVersion"];

    private static JsonNode Merge(JsonNode? live, JsonNode applied, ListTypes? types)
    {
        switch (applied)
        {
            case JsonObject appliedObject when types?.IsAtomicMap != true:
            {
                var result = live is JsonObject liveObject ? (JsonObject)liveObject.DeepClone() : [];
                foreach (var (name, value) in appliedObject)
                {
                    if (value is null)
                    {
                        result.Remove(name);
                    }
                    else
                    {
                        result[name] = Merge(result[name], value, types?.Field(name));
                    }
                }

                return result;
            }

            case JsonArray appliedList when live is JsonArray liveList && types is { List.Kind: ListKind.Set }:
            {
                var result = (JsonArray)liveList.DeepClone();
                foreach (var item in appliedList.Where(item => !liveList.Any(existing => JsonValues.AreEqual(existing, item))))
                {
                    result.Add(item?.DeepClone());
                }

                return result;
            }

            case JsonArray appliedList when live is JsonArray liveList && types is { List.Kind: ListKind.Map }:
            {
                var items = liveList.Select(item => item?.DeepClone()).ToList();
                foreach (var item in appliedList)
                {
                    var appliedItem = item as JsonObject ?? throw new PatchException($"a list keyed by {string.Join(", ", types.List.Keys)} holds a non-object element");
                    var index = items.FindIndex(candidate => candidate is JsonObject existing && FieldSet.HasKey(existing, appliedItem, types.List.Keys));
                    if (index >= 0)
                    {
                        items[index] = Merge(items[index], appliedItem, types);
                    }
                    else
                    {
                        items.Add(Merge(null, appliedItem, types));
                    }
                }

                return new JsonArray([.. items]);
            }

            default:
                return applied.DeepClone();
        }
    }

    private static void Remove(JsonObject obj, IReadOnlyList<string> path)
    {
        JsonNode? container = obj;
        for (var i = 0; i < path.Count - 1 && container is not null; i++)
        {
            container = Step(container, path[i]);
        }

        switch (container, path[^1][0])
        {
            case (JsonObject parent, 'f'):
                parent.Remove(path[^1][2..]);
                break;
            case (JsonArray list, 'k' or 'v'):
                foreach (var item in list.Where(item => Matches(item, path[^1])).ToList())
                {
                    list.Remove(item);
                }

                break;
        }
    }

    private static JsonNode? Step(JsonNode container, string element) => (container, element[0]) switch
    {
        (JsonObject parent, 'f') => parent[element[2..]],
        (JsonArray list, 'k' or 'v') => list.FirstOrDefault(item => Matches(item, element)),
        _ => null,
    };

    private static bool Matches(JsonNode? item, string element)
    {
        var body = JsonNode.Parse(element[2..]);
        return element[0] == 'k'
            ? item is JsonObject itemObject && body is JsonObject key && key.All(field => JsonValues.AreEqual(itemObject[field.Key], field.Value))
            : JsonValues.AreEqual(item, body);
    }
}
