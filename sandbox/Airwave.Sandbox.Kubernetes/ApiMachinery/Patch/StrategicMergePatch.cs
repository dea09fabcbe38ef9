using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// Kubernetes strategic merge patch ("application/strategic-merge-patch+json"), as
/// k8s.io/apimachinery/pkg/util/strategicpatch applies it on the server: maps merge recursively and null removes
/// a field; lists that <see cref="PatchStrategy"/> marks as merging are merged by their key (maps) or as a set
/// (primitives), other lists are replaced. Directives:
/// <list type="bullet">
/// <item><c>$patch: replace | delete | merge</c> on a map, and <c>{"$patch": "replace"}</c> or
/// <c>{key: v, "$patch": "delete"}</c> as items of a merged list;</item>
/// <item><c>$retainKeys</c>: the only fields a map keeps (kubectl sends it for Deployment's spec.strategy and volumes);</item>
/// <item><c>$deleteFromPrimitiveList/&lt;field&gt;</c>: values to remove from a merged primitive list;</item>
/// <item><c>$setElementOrder/&lt;field&gt;</c>: the order of the merged list, server-only items keeping their place.</item>
/// </list>
/// The order of a merged list follows upstream: $setElementOrder first, then the order in the patch, then the
/// live order, interleaving live-only items where the live list had them.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>The target with the patch applied; neither argument is modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, PatchStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (patch is not JsonObject patchObject)
        {
            throw new PatchException($"a strategic merge patch must be a JSON object, got {JsonValues.Describe(patch)}");
        }

        var original = target switch
        {
            null => [],
            JsonObject targetObject => (JsonObject)targetObject.DeepClone(),
            _ => throw new PatchException("a strategic merge patch applies only to a JSON object"),
        };
        return new Merger(strategy).MergeObject(original, (JsonObject)patchObject.DeepClone(), path: "");
    }

    /// <summary>Merges into <c>original</c> in place, consuming <c>patch</c>; both are private copies.</summary>
    private sealed class Merger(PatchStrategy strategy)
    {
        public JsonObject MergeObject(JsonObject original, JsonObject patch, string path)
        {
            if (patch.TryGetPropertyValue(PatchDirective, out var directive))
            {
                patch.Remove(PatchDirective);
                switch (DirectiveValue(directive, path))
                {
                    case "replace":
                        return MergeObject([], patch, path);
                    case "delete":
                        return [];
                    case "merge":
                        break;
                    case var other:
                        throw new PatchException($"{Describe(path)}: unknown $patch directive \"{other}\"; expected replace, delete or merge");
                }
            }

            ApplyRetainKeys(original, patch, path);
            ApplySetElementOrders(original, patch, path);

            foreach (var (name, value) in patch.ToList())
            {
                if (name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
                {
                    DeleteFromPrimitiveList(original, name[DeleteFromPrimitiveListPrefix.Length..], value, path);
                }
                else if (name.StartsWith('$'))
                {
                    throw new PatchException($"{Describe(path)}: unknown patch directive \"{name}\"");
                }
                else if (value is null)
                {
                    original.Remove(name);
                }
                else
                {
                    var childPath = Child(path, name);
                    var merged = original[name] switch
                    {
                        JsonObject existing when value is JsonObject objectPatch => MergeObject(existing, objectPatch, childPath),
                        JsonArray existing when value is JsonArray listPatch => MergeOrReplaceList(existing, listPatch, childPath),
                        _ => Fresh(value, childPath),
                    };

                    // A map merged in place is already where it belongs; anything else replaces the old value.
                    if (!ReferenceEquals(merged, original[name]))
                    {
                        original[name] = merged;
                    }
                }
            }

            return original;
        }

        // A value with no live counterpart still goes through the merge, so that directives never leak into the result.
        private JsonNode Fresh(JsonNode value, string path) => value switch
        {
            JsonObject objectPatch => MergeObject([], objectPatch, path),
            JsonArray listPatch => MergeOrReplaceList([], listPatch, path),
            _ => value.DeepClone(),
        };

        private JsonArray MergeOrReplaceList(JsonArray original, JsonArray patch, string path) =>
            strategy.TryGetMergeList(path, out var mergeKey)
                ? MergeList(original, patch, mergeKey, path)
                : (JsonArray)patch.DeepClone();

        private JsonArray MergeList(JsonArray original, JsonArray patch, string? mergeKey, string path)
        {
            var live = Take(original);
            var patchItems = Take(patch);
            if (live.Count == 0 && patchItems.Count == 0)
            {
                return [];
            }

            var ofMaps = ElementsAreMaps(live, patchItems, path);
            var replace = false;
            var plainPatch = new List<JsonNode?>();
            foreach (var item in patchItems)
            {
                if (item is JsonObject special && special.TryGetPropertyValue(PatchDirective, out var directive))
                {
                    switch (DirectiveValue(directive, path))
                    {
                        case "replace":
                            replace = true;
                            break;
                        case "delete" when ofMaps:
                            var key = RequireMergeKey(special, mergeKey, path);
                            live.RemoveAll(candidate => SameKey(candidate, key, mergeKey!));
                            break;
                        case "merge":
                            throw new PatchException($"{Describe(path)}: merging lists cannot yet be specified in the patch");
                        case var other:
                            throw new PatchException($"{Describe(path)}: unknown $patch directive \"{other}\" in a list item");
                    }
                }
                else
                {
                    plainPatch.Add(item);
                }
            }

            if (replace)
            {
                return [.. plainPatch.Select(item => item is null ? null : Fresh(item, path))];
            }

            List<JsonNode?> merged;
            if (!ofMaps)
            {
                merged = [];
                foreach (var item in live.Concat(plainPatch))
                {
                    if (!merged.Any(existing => JsonValues.AreEqual(existing, item)))
                    {
                        merged.Add(item);
                    }
                }

                mergeKey = null;
            }
            else
            {
                if (mergeKey is null)
                {
                    throw new PatchException($"{Describe(path)}: cannot merge a list of objects without a merge key");
                }

                merged = [.. live];
                foreach (var item in plainPatch.Cast<JsonObject>())
                {
                    var key = RequireMergeKey(item, mergeKey, path);
                    var index = merged.FindIndex(candidate => SameKey(candidate, key, mergeKey));
                    if (index >= 0)
                    {
                        merged[index] = MergeObject((JsonObject)merged[index]!, item, path);
                    }
                    else
                    {
                        merged.Add(Fresh(item, path));
                    }
                }
            }

            return [.. Order(merged, plainPatch, live, mergeKey)];
        }

        private void ApplySetElementOrders(JsonObject original, JsonObject patch, string path)
        {
            foreach (var (name, value) in patch.ToList())
            {
                if (!name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                patch.Remove(name);
                var field = name[SetElementOrderPrefix.Length..];
                var childPath = Child(path, field);
                if (value is not JsonArray order)
                {
                    throw new PatchException($"{Describe(childPath)}: {name} must be a list");
                }

                var liveList = original[field];
                var patchList = patch[field];
                if (liveList is not (null or JsonArray) || patchList is not (null or JsonArray))
                {
                    throw new PatchException($"{Describe(childPath)}: {name} applies only to a list");
                }

                if (liveList is null && patchList is null)
                {
                    continue;
                }

                patch.Remove(field);
                var serverOrder = liveList is JsonArray liveArray ? liveArray.ToList() : [];
                var merged = (liveList, patchList) switch
                {
                    (JsonArray live, JsonArray changes) => MergeOrReplaceList(live, changes, childPath),
                    (null, JsonArray changes) => MergeOrReplaceList([], changes, childPath),
                    _ => (JsonArray)liveList!,
                };

                strategy.TryGetMergeList(childPath, out var mergeKey);
                var items = Take(merged);
                original[field] = new JsonArray([.. Order(items, [.. order], serverOrder, items.Any(item => item is JsonObject) ? mergeKey : null)]);
            }
        }

        private static void ApplyRetainKeys(JsonObject original, JsonObject patch, string path)
        {
            if (!patch.TryGetPropertyValue(RetainKeysDirective, out var value))
            {
                return;
            }

            patch.Remove(RetainKeysDirective);
            if (value is not JsonArray list || list.Any(item => item?.GetValueKind() != JsonValueKind.String))
            {
                throw new PatchException($"{Describe(path)}: $retainKeys must be a list of field names");
            }

            var retained = list.Select(item => item!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, patchValue) in patch)
            {
                if (patchValue is not null && !name.StartsWith('$') && !retained.Contains(name))
                {
                    throw new PatchException($"{Describe(path)}: the patch sets \"{name}\", which $retainKeys does not list");
                }
            }

            foreach (var name in original.Select(member => member.Key).Where(name => !retained.Contains(name)).ToList())
            {
                original.Remove(name);
            }
        }

        private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? value, string path)
        {
            if (value is not JsonArray toDelete)
            {
                throw new PatchException($"{Describe(Child(path, field))}: {DeleteFromPrimitiveListPrefix}{field} must be a list");
            }

            if (original[field] is JsonArray live)
            {
                var kept = Take(live).Where(item => !toDelete.Any(deleted => JsonValues.AreEqual(deleted, item)));
                original[field] = new JsonArray([.. kept]);
            }
        }

        /// <summary>
        /// Upstream's normalizeElementOrder: items named by <paramref name="order"/> sorted by it, the rest sorted by
        /// the live order, then the two interleaved where the live list orders them.
        /// </summary>
        private static List<JsonNode?> Order(List<JsonNode?> merged, List<JsonNode?> order, List<JsonNode?> serverOrder, string? mergeKey)
        {
            var ordered = merged.Where(item => IndexOf(order, item, mergeKey) >= 0)
                .OrderBy(item => IndexOf(order, item, mergeKey))
                .ToList();
            var serverOnly = merged.Where(item => IndexOf(order, item, mergeKey) < 0)
                .OrderBy(item => IndexOf(serverOrder, item, mergeKey) is var index and >= 0 ? index : int.MaxValue)
                .ToList();

            var result = new List<JsonNode?>(merged.Count);
            int left = 0, right = 0;
            while (left < serverOnly.Count || right < ordered.Count)
            {
                if (right >= ordered.Count)
                {
                    result.Add(serverOnly[left++]);
                }
                else if (left >= serverOnly.Count)
                {
                    result.Add(ordered[right++]);
                }
                else
                {
                    var serverIndex = IndexOf(serverOrder, serverOnly[left], mergeKey);
                    var orderedIndex = IndexOf(serverOrder, ordered[right], mergeKey);
                    result.Add(serverIndex >= 0 && orderedIndex >= 0 && serverIndex < orderedIndex ? serverOnly[left++] : ordered[right++]);
                }
            }

            return result;
        }

        private static int IndexOf(List<JsonNode?> list, JsonNode? item, string? mergeKey)
        {
            if (mergeKey is null)
            {
                return list.FindIndex(candidate => JsonValues.AreEqual(candidate, item));
            }

            var key = item is JsonObject itemObject ? itemObject[mergeKey] : null;
            return key is null ? -1 : list.FindIndex(candidate => SameKey(candidate, key, mergeKey));
        }

        private static bool SameKey(JsonNode? candidate, JsonNode key, string mergeKey) =>
            candidate is JsonObject candidateObject
            && candidateObject.TryGetPropertyValue(mergeKey, out var candidateKey)
            && JsonValues.AreEqual(candidateKey, key);

        private static JsonNode RequireMergeKey(JsonObject item, string? mergeKey, string path) =>
            mergeKey is not null && item[mergeKey] is { } key
                ? key
                : throw new PatchException($"{Describe(path)}: list item {item.ToJsonString()} has no merge key \"{mergeKey}\"");

        private static bool ElementsAreMaps(List<JsonNode?> live, List<JsonNode?> patch, string path)
        {
            var plain = live.Concat(patch.Where(item => !(item is JsonObject o && o.ContainsKey(PatchDirective)))).ToList();
            if (plain.Count == 0)
            {
                return patch.Any(item => item is JsonObject o && o.ContainsKey(PatchDirective) && o.Count > 1);
            }

            var maps = plain.Count(item => item is JsonObject);
            if (maps != 0 && maps != plain.Count)
            {
                throw new PatchException($"{Describe(path)}: list element types are not identical");
            }

            if (plain.Any(item => item is JsonArray))
            {
                throw new PatchException($"{Describe(path)}: lists of lists are not supported");
            }

            return maps != 0;
        }

        private static string DirectiveValue(JsonNode? directive, string path) =>
            directive is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw new PatchException($"{Describe(path)}: $patch must be a string");

        private static List<JsonNode?> Take(JsonArray array)
        {
            var items = array.ToList();
            array.Clear();
            return items;
        }

        private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

        private static string Describe(string path) => path.Length == 0 ? "the patch" : path;
    }
}
