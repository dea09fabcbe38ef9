namespace Airwave.Media.Transcoding;

/// <summary>
/// What the operator asks one transcode Job to do: the source to fetch, the ladder to make, the limits, and a presigned
/// URL for each file the Job may write. The Job holds no cloud credentials; it writes only where a URL lets it.
/// </summary>
public sealed record TranscodePlan
{
    /// <summary>The source's http(s) URL: the user's, or a presigned GET of an upload or a clip.</summary>
    public required string Input { get; init; }

    /// <summary>The renditions to make, largest first; those above the source's size are left out.</summary>
    public required IReadOnlyList<Rendition> Ladder { get; init; }

    /// <summary>A longer source fails with <see cref="TranscodeFailureReason.TooLong"/>.</summary>
    public required double MaxDurationSeconds { get; init; }

    /// <summary>A larger download fails with <see cref="TranscodeFailureReason.TooLarge"/> before the disk fills.</summary>
    public required long MaxSourceBytes { get; init; }

    /// <summary>Each HLS segment's length.</summary>
    public int SegmentSeconds { get; init; } = 6;

    /// <summary>
    /// How much of a rendition one media file holds: the playlists address segments as byte ranges of these files,
    /// so the files a Job may write are known (and presigned) before the source's length is.
    /// </summary>
    public int PartSeconds { get; init; } = TranscodeOutputs.DefaultPartSeconds;

    /// <summary>A still every this many seconds, more apart for sources longer than <see cref="MaxThumbnails"/> of them.</summary>
    public double ThumbnailIntervalSeconds { get; init; } = 10;

    public int MaxThumbnails { get; init; } = TranscodeOutputs.DefaultMaxThumbnails;

    /// <summary>A presigned PUT per output path (<see cref="TranscodeOutputs"/>); files the source does not need stay unwritten.</summary>
    public required IReadOnlyDictionary<string, string> Uploads { get; init; }

    /// <summary>A presigned PUT the Job writes its <see cref="TranscodeProgress"/> to as it goes.</summary>
    public string? ProgressUrl { get; init; }

    /// <summary>How often, at most, progress is written.</summary>
    public double ProgressIntervalSeconds { get; init; } = 5;

    /// <summary>A presigned PUT for the <see cref="TranscodeReport"/>, written last, whether the Job succeeded or not.</summary>
    public required string ReportUrl { get; init; }
}

/// <summary>One rung of the ladder: its name (in file names), the short side of its picture, and its bit rates.</summary>
public sealed record Rendition(string Name, int Height, int VideoKbps, int AudioKbps);
