using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Delivery;

/// <summary>
/// The earlier integration's payloads, made from an event's CloudEvent <c>data</c>: a streaming event
/// (<c>event_type</c>, <c>timestamp</c>, <c>stream_data</c>, <c>user_agent</c>, <c>ip_address</c>, <c>session_id</c>)
/// whose <c>stream_data</c> is the video detail payload for a video's events and the external stream payload for a
/// pulled stream's; analytics (<c>stream_id</c>, <c>timestamp</c>, <c>analytics_type</c>, <c>data</c>). Timestamps are
/// epoch seconds, as the integration sent them. Events it did not have (splits, broadcasts) keep Airwave's payload,
/// named by <c>event_type</c>.
/// </summary>
public static class PlainPayloads
{
    public static JsonNode? Of(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Data?.DeepClone() is not JsonObject payload)
        {
            return cloudEvent.Data?.DeepClone();
        }

        if (payload.ContainsKey("analytics_type"))
        {
            return new JsonObject
            {
                ["stream_id"] = Take(payload, "stream_id"),
                ["timestamp"] = EpochSeconds(payload["timestamp"]),
                ["analytics_type"] = Take(payload, "analytics_type"),
                ["data"] = Take(payload, "data"),
            };
        }

        if (payload["video_data"] is JsonObject video)
        {
            return StreamingEvent(payload, VideoDetail(video));
        }

        if (payload["stream_data"] is JsonObject stream)
        {
            return StreamingEvent(payload, stream["external_stream"] is JsonObject external ? ExternalStream(external) : Take(payload, "stream_data"));
        }

        payload["event_type"] ??= cloudEvent.Type.StartsWith(EventTypes.CloudEventPrefix, StringComparison.Ordinal)
            ? cloudEvent.Type[EventTypes.CloudEventPrefix.Length..]
            : cloudEvent.Type;
        if (payload.ContainsKey("timestamp"))
        {
            payload["timestamp"] = EpochSeconds(payload["timestamp"]);
        }

        return payload;
    }

    private static JsonObject StreamingEvent(JsonObject payload, JsonNode? streamData)
    {
        var plain = new JsonObject
        {
            ["event_type"] = Take(payload, "event_type"),
            ["timestamp"] = EpochSeconds(payload["timestamp"]),
            ["stream_data"] = streamData,
            ["user_agent"] = Take(payload, "user_agent"),
            ["ip_address"] = Take(payload, "ip_address"),
            ["session_id"] = Take(payload, "session_id"),
        };

        // Only a stop says why; the integration's other events keep their shape.
        if (Take(payload, "stop_reason") is { } reason)
        {
            plain["stop_reason"] = reason;
        }

        return plain;
    }

    /// <summary>The integration's video detail payload: a video is a stream of type video_file, its facts under metadata.</summary>
    private static JsonObject VideoDetail(JsonObject video) => new()
    {
        ["video_id"] = Take(video, "video_id"),
        ["title"] = Take(video, "title"),
        ["description"] = Take(video, "description"),
        ["duration"] = Take(video, "duration"),
        ["file_path"] = Take(video, "file_path"),
        ["file_size"] = Take(video, "file_size"),
        ["created_at"] = Take(video, "created_at"),
        ["updated_at"] = Take(video, "updated_at"),
        ["stream_type"] = "video_file",
        ["status"] = Take(video, "status"),
        ["metadata"] = new JsonObject
        {
            ["format"] = Take(video, "format"),
            ["resolution"] = Take(video, "resolution"),
            ["fps"] = Take(video, "fps"),
            ["bitrate"] = Take(video, "bitrate"),
            ["codec"] = Take(video, "codec"),
        },
        ["chapters"] = Take(video, "chapters") ?? new JsonArray(),
    };

    /// <summary>The integration's external stream payload: its stream types name the protocol, its URL's parts under metadata.</summary>
    private static JsonObject ExternalStream(JsonObject external) => new()
    {
        ["stream_id"] = Take(external, "stream_id"),
        ["name"] = Take(external, "name"),
        ["url"] = Take(external, "url"),
        ["stream_type"] = ExternalStreamType((string?)external["stream_type"], (string?)external["protocol"]),
        ["status"] = Take(external, "status"),
        ["initial_seek"] = Take(external, "initial_seek"),
        ["timestamp"] = EpochSeconds(external["timestamp"]),
        ["metadata"] = new JsonObject
        {
            ["protocol"] = Take(external, "protocol"),
            ["domain"] = Take(external, "domain"),
            ["path"] = Take(external, "path"),
            ["is_live"] = Take(external, "is_live"),
            ["is_video_file"] = Take(external, "is_video_file"),
        },
    };

    /// <summary>rtsp_stream, rtmp_stream, hls_stream, or http_stream for a file fetched over HTTP.</summary>
    private static string ExternalStreamType(string? pulledAs, string? protocol) => (pulledAs, protocol) switch
    {
        (_, "rtsp" or "rtsps") => "rtsp_stream",
        ("rtmp", _) => "rtmp_stream",
        ("hls", _) => "hls_stream",
        _ => "http_stream",
    };

    /// <summary>A value moved out of its object (a node belongs to one parent), or null.</summary>
    private static JsonNode? Take(JsonObject from, string key)
    {
        if (!from.TryGetPropertyValue(key, out var value))
        {
            return null;
        }

        from.Remove(key);
        return value;
    }

    /// <summary>An ISO 8601 time as seconds since the epoch (to the millisecond); anything else as it is.</summary>
    private static JsonNode? EpochSeconds(JsonNode? time) =>
        time is JsonValue value && value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? JsonValue.Create(at.ToUnixTimeMilliseconds() / 1000.0)
            : time?.DeepClone();
}
