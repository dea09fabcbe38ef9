using System.Text.Json.Serialization;

namespace Airwave.Events.Payloads;

/// <summary>A pulled source (an RTMP, HLS or MP4 URL) as the downstream integration described an external stream.</summary>
public sealed record ExternalStreamDetails
{
    [JsonPropertyName("stream_id")]
    public required string StreamId { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>hls, rtmp or mp4: what the URL is pulled as.</summary>
    [JsonPropertyName("stream_type")]
    public required string StreamType { get; init; }

    /// <summary>The stream's phase (Running while it is pulled).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Where in the source pulling begins, in seconds: always its start (a file) or its live edge.</summary>
    [JsonPropertyName("initial_seek")]
    public double InitialSeek { get; init; }

    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("protocol")]
    public required string Protocol { get; init; }

    [JsonPropertyName("domain")]
    public required string Domain { get; init; }

    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("is_live")]
    public bool IsLive { get; init; }

    /// <summary>True for an MP4 file, which is pulled once to its end rather than followed live.</summary>
    [JsonPropertyName("is_video_file")]
    public bool IsVideoFile { get; init; }

    /// <summary>Describes the stream's pulled URL; HLS is recognised by its <c>.m3u8</c> path, a file by <c>.mp4</c>.</summary>
    public static ExternalStreamDetails For(string streamId, string name, Uri url, string? status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.AbsolutePath;
        var streamType = url.Scheme is "rtmp" or "rtmps" ? "rtmp"
            : path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) ? "mp4"
            : "hls";
        return new ExternalStreamDetails
        {
            StreamId = streamId,
            Name = name,
            Url = url.OriginalString,
            StreamType = streamType,
            Status = status,
            Timestamp = now,
            Protocol = url.Scheme,
            Domain = url.Host,
            Path = path,
            IsLive = status == "Running",
            IsVideoFile = streamType == "mp4",
        };
    }
}
