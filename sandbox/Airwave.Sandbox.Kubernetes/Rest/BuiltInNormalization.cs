using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>What the apiserver's strategies for built-in kinds do to every written object before it is stored.</summary>
internal static class BuiltInNormalization
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type.Group.Length == 0 && type.Kind == "Secret")
        {
            NormalizeSecret(obj);
        }
    }

    /// <summary>A Secret's type defaults to Opaque; stringData is write-only and lands base64-encoded in data.</summary>
    private static void NormalizeSecret(JsonObject secret)
    {
        if (string.IsNullOrEmpty((string?)secret["type"]))
        {
            secret["type"] = "Opaque";
        }

        if (secret["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                if (value is not JsonValue text || text.GetValueKind() != System.Text.Json.JsonValueKind.String || !IsBase64((string)text!))
                {
                    throw ApiErrors.BadRequest($"Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data for key \"{key}\"");
                }
            }
        }

        if (secret["stringData"] is JsonObject stringData)
        {
            var merged = secret["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                merged[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? string.Empty));
            }

            secret["data"] = merged;
            secret.Remove("stringData");
        }
    }

    private static bool IsBase64(string text) => text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
