using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;

namespace Airwave.Api.ArchiveSplits;

public sealed record SplitOutput
{
    [Description("The S3 bucket for the clips and their playlists; defaults to the operator's clip bucket. The key mirrors the archive's: the session's archive folder, then index_{nameModifier}_{n}.mp4.")]
    [RegularExpression(Patterns.S3Bucket)]
    public string? Bucket { get; init; }

    [Description("Retain: the clips stay in S3 when the ArchiveSplit is deleted. Delete: they are deleted with it.")]
    [DefaultValue(DeletionPolicy.Retain)]
    public DeletionPolicy DeletePolicy { get; init; } = DeletionPolicy.Retain;
}
