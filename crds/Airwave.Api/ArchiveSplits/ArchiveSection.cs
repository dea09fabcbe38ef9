using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.ArchiveSplits;

public sealed record ArchiveSection
{
    [Description("Seconds from the session's start.")]
    [Range(0, int.MaxValue)]
    public required int Start { get; init; }

    [Description("Seconds from the session's start, after start; past the end of the recording means up to its end.")]
    [Range(1, int.MaxValue)]
    public required int End { get; init; }
}
