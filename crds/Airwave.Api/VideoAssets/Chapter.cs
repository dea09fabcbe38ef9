using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.VideoAssets;

public sealed record Chapter
{
    [StringLength(255, MinimumLength = 1)]
    public required string Title { get; init; }

    [Description("Start of the chapter, in seconds from the beginning of the video.")]
    [Range(0d, double.MaxValue)]
    public required double StartTime { get; init; }

    [Description("End of the chapter in seconds; the next chapter's start when omitted.")]
    [Range(0d, double.MaxValue)]
    public double? EndTime { get; init; }

    [StringLength(4096)]
    public string? Description { get; init; }
}
