using System.Text.Json;

namespace Airwave.Signaling.Protocol;

/// <summary>
/// A frame from a browser: a JSON object with <c>v</c> (the protocol version, 1), <c>type</c>, an optional <c>id</c>
/// the client chooses (error frames carry it back as <c>ref</c>), and the type's own fields.
/// </summary>
public sealed class ClientMessage
{
    public const int Version = 1;

    private readonly JsonElement _body;

    private ClientMessage(JsonElement body, string type, string? id)
    {
        _body = body;
        Type = type;
        Id = id;
    }

    public string Type { get; }

    public string? Id { get; }

    /// <summary>The message, or an error frame saying what is wrong with it.</summary>
    public static (ClientMessage? Message, ServerMessage? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        JsonElement body;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            body = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return (null, ServerMessage.Error(ErrorCodes.BadMessage, "the frame is not JSON", null));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, ServerMessage.Error(ErrorCodes.BadMessage, "a frame is a JSON object", null));
        }

        var id = body.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
        if (!body.TryGetProperty("v", out var v) || !v.TryGetInt32(out var version))
        {
            return (null, ServerMessage.Error(ErrorCodes.BadMessage, "a frame needs v, the protocol version (1)", id));
        }

        if (version != Version)
        {
            return (null, ServerMessage.Error(ErrorCodes.UnsupportedVersion, $"this service speaks protocol version {Version}, not {version}", id));
        }

        if (!body.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 } typeName)
        {
            return (null, ServerMessage.Error(ErrorCodes.BadMessage, "a frame needs a type", id));
        }

        return (new ClientMessage(body, typeName, id), null);
    }

    /// <summary>A string field, or null when it is absent or not a string.</summary>
    public string? Text(string name) =>
        _body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A field as it came (any JSON), for what the service relays without reading. The frame's document is a copy of
    /// its own (<see cref="JsonElement.ParseValue"/>), so a field outlives the buffer the frame was read into.
    /// </summary>
    public JsonElement? Raw(string name) => _body.TryGetProperty(name, out var value) ? value : null;

    /// <summary>A list of strings, or null when the field is not one.</summary>
    public IReadOnlyList<string>? Strings(string name) =>
        _body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : null;
}
