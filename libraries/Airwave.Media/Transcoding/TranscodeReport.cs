namespace Airwave.Media.Transcoding;

/// <summary>What a transcode Job made, or why it could not: written last, so its presence means the Job is over.</summary>
public sealed record TranscodeReport
{
    public TranscodeFailure? Failure { get; init; }

    /// <summary>What the source is, once read; present on failures after the probe (a source too long, say).</summary>
    public SourceFacts? Source { get; init; }

    public IReadOnlyList<RenditionMade> Renditions { get; init; } = [];

    /// <summary>The master playlist's path, when the Job succeeded.</summary>
    public string? Master { get; init; }

    public ThumbnailSet? Thumbnails { get; init; }

    public bool Succeeded => Failure is null;
}

/// <summary>Why a Job failed, in words a user can act on (the source's URL left out).</summary>
public sealed record TranscodeFailure(TranscodeFailureReason Reason, string Message);

public enum TranscodeFailureReason
{
    /// <summary>The source could not be fetched (refused, not found, cut off).</summary>
    SourceUnreadable,

    /// <summary>The file is not a video ffmpeg can read: not media, corrupt, or sound alone.</summary>
    NotAVideo,

    TooLong,

    TooLarge,

    /// <summary>ffmpeg read the source but failed while transcoding it.</summary>
    TranscodeFailed,

    /// <summary>An output could not be stored.</summary>
    UploadFailed,
}

/// <summary>The input's facts as ffprobe reads them; the picture's size as it is shown (a phone's rotation applied).</summary>
public sealed record SourceFacts(
    double DurationSeconds,
    int Width,
    int Height,
    double? FrameRate,
    long? BitsPerSecond,
    string VideoCodec,
    string? AudioCodec,
    string Format,
    long SizeBytes);

/// <summary>One rendition as made: its playlist, its picture's size and the bandwidth the master playlist states.</summary>
public sealed record RenditionMade(string Name, string Playlist, int Width, int Height, long Bandwidth);

/// <summary>The stills: <see cref="Count"/> of them, the n-th at about n × <see cref="IntervalSeconds"/> into the video.</summary>
public sealed record ThumbnailSet(int Count, double IntervalSeconds);
