using System.Text.Json.Nodes;

namespace Airwave.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// JSON merge patch (RFC 7386, "application/merge-patch+json"): objects merge member by member,
/// null removes a member, anything else (arrays included) replaces the target value.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>The target with the patch applied; neither argument is modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return JsonValues.Clone(patch);
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }

    /// <summary>
    /// The smallest merge patch that turns <paramref name="original"/> into <paramref name="modified"/>:
    /// only changed members appear, removed members map to null, and an unchanged document gives {}.
    /// A null inside <paramref name="modified"/> cannot be expressed (merge patches use null for removal),
    /// so such members are removed by the patch.
    /// </summary>
    public static JsonNode? Create(JsonNode? original, JsonNode? modified)
    {
        if (original is not JsonObject originalObject || modified is not JsonObject modifiedObject)
        {
            return JsonValues.AreEqual(original, modified) ? new JsonObject() : JsonValues.Clone(modified);
        }

        return Diff(originalObject, modifiedObject);
    }

    private static JsonObject Diff(JsonObject original, JsonObject modified)
    {
        var patch = new JsonObject();
        foreach (var (name, originalValue) in original)
        {
            if (!modified.ContainsKey(name))
            {
                patch[name] = null;
            }
            else if (originalValue is not null && modified[name] is null)
            {
                patch[name] = null;
            }
        }

        foreach (var (name, modifiedValue) in modified)
        {
            if (modifiedValue is null)
            {
                continue;
            }

            if (!original.TryGetPropertyValue(name, out var originalValue) || originalValue is null)
            {
                patch[name] = modifiedValue.DeepClone();
            }
            else if (originalValue is JsonObject originalChild && modifiedValue is JsonObject modifiedChild)
            {
                var childPatch = Diff(originalChild, modifiedChild);
                if (childPatch.Count > 0)
                {
                    patch[name] = childPatch;
                }
            }
            else if (!JsonValues.AreEqual(originalValue, modifiedValue))
            {
                patch[name] = modifiedValue.DeepClone();
            }
        }

        return patch;
    }
}
