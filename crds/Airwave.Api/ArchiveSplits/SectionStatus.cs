using System.ComponentModel;

namespace Airwave.Api.ArchiveSplits;

public sealed record SectionStatus
{
    public required int Index { get; init; }

    public required SplitPhase Phase { get; init; }

    [Description("s3:// URL of the section's HLS playlist.")]
    public string? Playlist { get; init; }

    [Description("s3:// URL of the section's MP4.")]
    public string? Output { get; init; }

    [Description("Why the section failed.")]
    public string? Message { get; init; }
}
