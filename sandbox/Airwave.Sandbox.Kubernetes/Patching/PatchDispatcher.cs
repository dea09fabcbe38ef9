using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;
using Airwave.Kubernetes.ApiMachinery.Patch;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Patching;

/// <summary>Routes each PATCH content type to its patch machinery (ApiMachinery/Patch, and the merge patch the operator shares).</summary>
internal static class PatchDispatcher
{
    /// <summary>The patched object for the non-apply patch types; the caller validates and stores it.</summary>
    public static JsonObject Apply(ResourceType type, JsonObject current, string contentType, string body)
    {
        try
        {
            var result = contentType switch
            {
                PatchContentTypes.MergePatch => JsonMergePatch.Apply(current, ParseJson(body)),
                PatchContentTypes.JsonPatch => JsonPatch.Apply(current, ParseJson(body) as JsonArray ?? throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
                PatchContentTypes.StrategicMergePatch when type.IsCustom => throw ApiErrors.UnsupportedMediaType(contentType),
                PatchContentTypes.StrategicMergePatch => StrategicMergePatch.Apply(current, ParseJson(body), PatchStrategy.For(type.Group, type.Kind)),
                _ => throw ApiErrors.UnsupportedMediaType(contentType),
            };
            return result as JsonObject ?? throw new ApiException(422, "Invalid", "the patch did not produce an object");
        }
        catch (PatchException e)
        {
            throw new ApiException(422, "Invalid", e.Message);
        }
    }

    /// <summary>Server-side apply of a YAML or JSON configuration onto the live object (null: create).</summary>
    public static JsonObject ServerSideApply(ResourceType type, string name, string? subresource, JsonObject? live, string body, string fieldManager, bool force, DateTimeOffset now)
    {
        JsonObject applied;
        try
        {
            applied = YamlReader.Read(body) as JsonObject ?? throw ApiErrors.BadRequest("the apply configuration is not an object");
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest($"error decoding YAML: {e.Message}");
        }

        if (type.HasStatus && subresource != "status")
        {
            // The main resource ignores status, so an apply to it must not claim status fields.
            applied.Remove("status");
        }

        ApplyResult result;
        try
        {
            result = Airwave.Sandbox.Kubernetes.ApiMachinery.Patch.ServerSideApply.Apply(live, applied, fieldManager, force, ListTypesOf(type), now);
        }
        catch (PatchException e)
        {
            throw new ApiException(422, "Invalid", e.Message);
        }

        if (result.HasConflicts)
        {
            throw ApiErrors.ApplyConflict(type, name, result.ConflictMessage, [.. result.Conflicts.Select(c => new StatusCause("FieldManagerConflict", c.Message, c.Field))]);
        }

        return result.Object;
    }

    /// <summary>The object with managedFields showing <paramref name="manager"/> as the owner of what this ordinary write changed.</summary>
    public static JsonObject RecordUpdate(ResourceType type, JsonObject? before, JsonObject after, string manager, string? subresource, DateTimeOffset now) =>
        Airwave.Sandbox.Kubernetes.ApiMachinery.Patch.ServerSideApply.RecordUpdate(before, after, manager, ListTypesOf(type), now, subresource);

    private static ListTypes ListTypesOf(ResourceType type) => type.Schema?.ListTypes ?? ListTypes.For(type.Group, type.Kind);

    private static JsonNode? ParseJson(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
