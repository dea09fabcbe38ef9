using System.Text.Json.Serialization;

namespace Airwave.Events.Payloads;

/// <summary>The video metadata payload of the downstream integration (its <c>video_data</c>).</summary>
public sealed record VideoData
{
    /// <summary>The VideoAsset's uid.</summary>
    [JsonPropertyName("video_id")]
    public required string VideoId { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The VideoAsset's phase: Pending, WaitingForUpload, Preparing, Ready or Errored.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("duration")]
    public double? Duration { get; init; }

    /// <summary>Bytes.</summary>
    [JsonPropertyName("file_size")]
    public long? FileSize { get; init; }

    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>Width x height, such as 1920x1080.</summary>
    [JsonPropertyName("resolution")]
    public string? Resolution { get; init; }

    [JsonPropertyName("fps")]
    public double? Fps { get; init; }

    /// <summary>Kilobits per second.</summary>
    [JsonPropertyName("bitrate")]
    public long? Bitrate { get; init; }

    [JsonPropertyName("codec")]
    public string? Codec { get; init; }

    /// <summary>Where the video was made from: the URL it was fetched from, or a clip's s3:// URL; null for a direct upload.</summary>
    [JsonPropertyName("file_path")]
    public string? FilePath { get; init; }

    /// <summary>When the VideoAsset was made.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When its status last changed (its Ready condition's transition).</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("chapters")]
    public IReadOnlyList<VideoChapter> Chapters { get; init; } = [];

    [JsonPropertyName("asset_id")]
    public string? AssetId { get; init; }

    [JsonPropertyName("playback_id")]
    public string? PlaybackId { get; init; }

    [JsonPropertyName("playback_url")]
    public string? PlaybackUrl { get; init; }

    [JsonPropertyName("thumbnail_url")]
    public string? ThumbnailUrl { get; init; }

    /// <summary>The provider's words, when the video errored.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>A chapter of a video, in seconds from its start.</summary>
public sealed record VideoChapter
{
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("start_time")]
    public required double StartTime { get; init; }

    [JsonPropertyName("end_time")]
    public double? EndTime { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }
}
