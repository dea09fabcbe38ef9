using System.ComponentModel;

namespace Airwave.Api.ArchiveSplits;

public sealed record SectionStatus
{
    [Description("The section's place in spec.sections, from 0; its clip is numbered index + 1.")]
    public required int Index { get; init; }

    public required SplitPhase Phase { get; init; }

    [Description("Where the clip starts, in seconds from the session's start.")]
    public double? Start { get; init; }

    [Description("Where the clip ends, in seconds from the session's start: the requested end, or the end of the recording when that comes first.")]
    public double? End { get; init; }

    [Description("s3:// URL of the section's HLS playlist over the recording.")]
    public string? Playlist { get; init; }

    [Description("s3:// URL of the section's MP4.")]
    public string? Output { get; init; }

    [Description("Length of the MP4 in seconds, as its header gives it.")]
    public double? Duration { get; init; }

    [Description("Size of the MP4 in bytes.")]
    public long? Size { get; init; }

    [Description("With spec.createAssets, the VideoAsset made of the clip.")]
    public string? Asset { get; init; }

    [Description("The Job that cuts the section.")]
    public string? Job { get; init; }

    [Description("Why the section failed, or what it waits for.")]
    public string? Message { get; init; }
}
