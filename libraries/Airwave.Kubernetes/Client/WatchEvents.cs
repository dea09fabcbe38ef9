using System.Buffers;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Client;

/// <summary>The lines of a watch response ({"type":…,"object":…} each), read as UTF-8.</summary>
internal static class WatchEvents
{
    /// <summary>Takes the next complete line off the buffer.</summary>
    public static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    /// <summary>
    /// The event on a line; null for a blank one, such as the empty remainder when the server ends a watch. An ERROR
    /// event is thrown as the API error it carries.
    /// </summary>
    public static WatchEvent<T>? Parse<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> typeInfo)
        where T : KubernetesObject
    {
        // Utf8JsonReader refuses input without a token, so blank input is recognised before it is read.
        if (IsBlank(line))
        {
            return null;
        }

        var reader = new Utf8JsonReader(line);
        reader.Read();

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a watch event is not a JSON object");
        }

        // The API server writes "type" before "object", so the object is read straight into T; an event written the
        // other way round, and the rare BOOKMARK and ERROR events, are read through a document instead.
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("object"u8) && type is "ADDED" or "MODIFIED" or "DELETED")
            {
                reader.Read();
                var resource = JsonSerializer.Deserialize(ref reader, typeInfo) ?? throw new JsonException($"a {type} watch event without an object");
                return new WatchEvent<T>(Kind(type), resource);
            }
            else
            {
                return ParseDocument(line, typeInfo);
            }
        }

        throw new JsonException($"a watch event without an object (type \"{type}\")");
    }

    private static WatchEvent<T> ParseDocument<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> typeInfo)
        where T : KubernetesObject
    {
        using var document = JsonDocument.Parse(line);
        var eventType = document.RootElement.GetProperty("type").GetString();
        var obj = document.RootElement.GetProperty("object");
        switch (eventType)
        {
            case "ADDED" or "MODIFIED" or "DELETED":
                return new WatchEvent<T>(Kind(eventType), obj.Deserialize(typeInfo)!);
            case "BOOKMARK":
                var version = obj.GetProperty("metadata").GetProperty("resourceVersion").GetString();
                return new WatchEvent<T>(WatchEventType.Bookmark, null, version);
            case "ERROR":
                var status = obj.Deserialize(KubernetesJsonContext.Default.ApiStatus) ?? new ApiStatus();
                throw KubernetesApiException.From((HttpStatusCode)status.Code, status);
            default:
                throw new JsonException($"unknown watch event type \"{eventType}\"");
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static WatchEventType Kind(string type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        _ => WatchEventType.Deleted,
    };
}
