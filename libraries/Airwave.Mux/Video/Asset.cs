namespace Airwave.Mux.Video;

/// <summary>A Mux asset: a video Mux stores, encodes and plays. Status goes `preparing` → `ready` or `errored`.</summary>
public sealed record Asset
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    public string? CreatedAt { get; init; }

    /// <summary>Seconds.</summary>
    public double? Duration { get; init; }

    public string? AspectRatio { get; init; }

    public string? ResolutionTier { get; init; }

    public double? MaxStoredFrameRate { get; init; }

    public string? VideoQuality { get; init; }

    public IReadOnlyList<PlaybackId>? PlaybackIds { get; init; }

    public IReadOnlyList<AssetTrack>? Tracks { get; init; }

    public string? Passthrough { get; init; }

    public AssetMeta? Meta { get; init; }

    public string? UploadId { get; init; }

    public AssetErrors? Errors { get; init; }
}

/// <summary>A video, audio or text track of an asset.</summary>
public sealed record AssetTrack
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public double? Duration { get; init; }

    public int? MaxWidth { get; init; }

    public int? MaxHeight { get; init; }

    public double? MaxFrameRate { get; init; }

    public int? MaxChannels { get; init; }
}

/// <summary>Why an asset errored, in Mux's words.</summary>
public sealed record AssetErrors(string? Type, IReadOnlyList<string>? Messages);
