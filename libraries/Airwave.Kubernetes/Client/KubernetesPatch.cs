using System.Text.Json.Nodes;

namespace Airwave.Kubernetes.Client;

/// <summary>A patch body and how the server is to read it.</summary>
public sealed record KubernetesPatch
{
    private KubernetesPatch(PatchType type, JsonNode body, string? fieldManager, bool force)
    {
        Type = type;
        Body = body;
        FieldManager = fieldManager;
        Force = force;
    }

    public PatchType Type { get; }
    public JsonNode Body { get; }

    /// <summary>Who owns the applied fields (server-side apply only).</summary>
    public string? FieldManager { get; }

    /// <summary>Take over fields other managers own instead of failing with 409 (server-side apply only).</summary>
    public bool Force { get; }

    public string ContentType => Type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.Json => "application/json-patch+json",
        _ => "application/apply-patch+yaml",
    };

    public static KubernetesPatch Merge(JsonNode body) => new(PatchType.Merge, body ?? throw new ArgumentNullException(nameof(body)), null, false);

    public static KubernetesPatch Json(params JsonObject[] operations) => new(PatchType.Json, new JsonArray([.. operations ?? throw new ArgumentNullException(nameof(operations))]), null, false);

    /// <param name="appliedConfiguration">The fields this manager wants, with apiVersion, kind and metadata.name.</param>
    public static KubernetesPatch Apply(JsonObject appliedConfiguration, string fieldManager, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(appliedConfiguration);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        return new(PatchType.Apply, appliedConfiguration, fieldManager, force);
    }
}
