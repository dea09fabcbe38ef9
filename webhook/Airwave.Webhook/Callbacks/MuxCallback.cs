using System.Text.Json;

namespace Airwave.Webhook.Callbacks;

/// <summary>
/// What a Mux callback says, as far as Airwave needs it: the event's id and type, and the passthrough of the asset or
/// upload it is about (a VideoAsset's uid, for the assets Airwave made).
/// </summary>
public sealed record MuxCallback(string Id, string Type, string? Passthrough)
{
    /// <summary>The events about direct uploads and assets, which can change a VideoAsset's status.</summary>
    public bool IsAboutVideoAssets => Type.StartsWith("video.upload.", StringComparison.Ordinal) || Type.StartsWith("video.asset.", StringComparison.Ordinal);

    /// <summary>The callback in <paramref name="body"/>, or null with the reason when it is not a Mux event.</summary>
    public static (MuxCallback? Callback, string? Problem) Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body is not a JSON object.");
            }

            if (String(root, "id") is not { Length: > 0 } id || String(root, "type") is not { Length: > 0 } type)
            {
                return (null, "The event has no string id and type.");
            }

            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;

            // An asset carries its passthrough; an upload carries the settings its asset will be made with.
            var passthrough = data is { } asset
                ? String(asset, "passthrough")
                    ?? (asset.TryGetProperty("new_asset_settings", out var settings) && settings.ValueKind == JsonValueKind.Object ? String(settings, "passthrough") : null)
                : null;
            return (new MuxCallback(id, type, passthrough), null);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
