using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Signaling.Protocol;

/// <summary>A frame to a browser: <c>{"v": 1, "type": ..., fields}</c>. Built here so every frame has the same shape.</summary>
public sealed class ServerMessage
{
    private readonly JsonObject _body;

    private ServerMessage(string type, JsonObject body)
    {
        Type = type;
        _body = body;
    }

    public string Type { get; }

    /// <summary>For a relayed offer, answer or candidate: when the page's frame reached the service (the relay latency is measured from it).</summary>
    public DateTimeOffset? ReceivedAt { get; private init; }

    /// <summary>This frame, marked as relaying a page's frame that reached the service at <paramref name="receivedAt"/>.</summary>
    public ServerMessage Relaying(DateTimeOffset receivedAt) => new(Type, _body) { ReceivedAt = receivedAt };

    public static ServerMessage Create(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var body = new JsonObject { ["v"] = ClientMessage.Version, ["type"] = type };
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                body[name] = value;
            }
        }

        return new ServerMessage(type, body);
    }

    /// <summary>An error frame; <paramref name="reference"/> is the id of the client frame it answers, if it had one.</summary>
    public static ServerMessage Error(string code, string message, string? reference) =>
        Create("error", ("code", code), ("message", message), ("ref", reference));

    public static ServerMessage FromJson(string json)
    {
        var body = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("a server frame is a JSON object");
        return new ServerMessage(body["type"]?.GetValue<string>() ?? "", body);
    }

    public string? Field(string name) => _body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public string ToJson() => _body.ToJsonString();

    public byte[] ToUtf8()
    {
        var written = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(written))
        {
            _body.WriteTo(writer);
        }

        return written.WrittenSpan.ToArray();
    }

    /// <summary>A relayed field as a node that is written as the element was, without parsing it again.</summary>
    public static JsonNode? Node(JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => JsonObject.Create(value),
        { ValueKind: JsonValueKind.Array } value => JsonArray.Create(value),
        { } value => JsonValue.Create(value),
    };
}
