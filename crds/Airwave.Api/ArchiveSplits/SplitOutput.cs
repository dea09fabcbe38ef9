using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;

namespace Airwave.Api.ArchiveSplits;

public sealed record SplitOutput
{
    [Description("The S3 bucket for the clips; defaults to the operator's configured clip bucket.")]
    [RegularExpression(Patterns.S3Bucket)]
    public string? Bucket { get; init; }
}
