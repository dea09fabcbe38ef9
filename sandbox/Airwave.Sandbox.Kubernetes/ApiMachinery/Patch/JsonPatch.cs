using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// JSON Patch (RFC 6902, "application/json-patch+json"): an ordered list of add, remove, replace,
/// move, copy and test operations addressed by JSON Pointers. Operations apply in order to a copy of
/// the target; the first failing one aborts the whole patch with a <see cref="PatchException"/>.
/// </summary>
public static class JsonPatch
{
    /// <summary>The target with every operation applied; neither argument is modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(operations);

        var document = JsonValues.Clone(target);
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw new PatchException($"json patch operation {i}: expected a JSON object, got {JsonValues.Describe(operations[i])}");
            }

            var name = RequiredString(operation, "op", i);
            try
            {
                document = ApplyOperation(document, name, operation, i);
            }
            catch (PatchException e)
            {
                throw new PatchException($"json patch operation {i} ({name}): {e.Message}", e);
            }
        }

        return document;
    }

    private static JsonNode? ApplyOperation(JsonNode? document, string name, JsonObject operation, int index)
    {
        var path = JsonPointer.Parse(RequiredString(operation, "path", index));
        switch (name)
        {
            case "add":
                return Add(document, path, JsonValues.Clone(RequiredValue(operation)));
            case "remove":
                return Remove(document, path, out _);
            case "replace":
                return Replace(document, path, JsonValues.Clone(RequiredValue(operation)));
            case "move":
            {
                var from = JsonPointer.Parse(RequiredString(operation, "from", index));
                if (path.StartsWith(from) && path.Tokens.Count > from.Tokens.Count)
                {
                    throw new PatchException($"cannot move \"{from}\" into its own child \"{path}\"");
                }

                if (path.Text == from.Text)
                {
                    from.Resolve(document);
                    return document;
                }

                document = Remove(document, from, out var moved);
                return Add(document, path, moved);
            }

            case "copy":
            {
                var from = JsonPointer.Parse(RequiredString(operation, "from", index));
                return Add(document, path, JsonValues.Clone(from.Resolve(document)));
            }

            case "test":
            {
                var expected = RequiredValue(operation);
                if (!JsonValues.AreEqual(path.Resolve(document), expected))
                {
                    throw new PatchException($"test failed: the value at \"{path}\" is not {JsonValues.Describe(expected)}");
                }

                return document;
            }

            default:
                throw new PatchException($"unknown operation \"{name}\"; expected add, remove, replace, move, copy or test");
        }
    }

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject parent:
                parent[path.LastToken] = value;
                break;
            case JsonArray parent when path.LastToken == "-":
                parent.Add(value);
                break;
            case JsonArray parent:
                parent.Insert(path.ArrayIndex(path.LastToken, parent.Count), value);
                break;
            default:
                throw new PatchException($"cannot add at \"{path}\": its parent is not an object or array");
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, JsonPointer path, out JsonNode? removed)
    {
        if (path.IsRoot)
        {
            removed = document;
            return null;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject parent when parent.TryGetPropertyValue(path.LastToken, out removed):
                parent.Remove(path.LastToken);
                break;
            case JsonArray parent when path.LastToken != "-" && parent.Count > 0:
                var index = path.ArrayIndex(path.LastToken, parent.Count - 1);
                removed = parent[index];
                parent.RemoveAt(index);
                break;
            default:
                throw new PatchException($"path \"{path}\" does not exist");
        }

        return document;
    }

    private static JsonNode? Replace(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject parent when parent.ContainsKey(path.LastToken):
                parent[path.LastToken] = value;
                break;
            case JsonArray parent when path.LastToken != "-" && parent.Count > 0:
                parent[path.ArrayIndex(path.LastToken, parent.Count - 1)] = value;
                break;
            default:
                throw new PatchException($"path \"{path}\" does not exist");
        }

        return document;
    }

    private static string RequiredString(JsonObject operation, string member, int index) =>
        operation[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new PatchException($"json patch operation {index}: \"{member}\" is missing or not a string");

    // "value": null is a legitimate value; only an absent member is an error.
    private static JsonNode? RequiredValue(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value
            : throw new PatchException("\"value\" is missing");
}
