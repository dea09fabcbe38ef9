using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;

namespace Airwave.Api.LiveStreams;

public sealed record ArchiveSpec
{
    [Description("Record every session to S3.")]
    [DefaultValue(true)]
    public bool Enabled { get; init; } = true;

    [Description("Length of each archived segment file, in seconds.")]
    [Range(1, 86400)]
    [DefaultValue(300)]
    public int SegmentLengthSeconds { get; init; } = 300;

    [Description("The S3 bucket; defaults to the operator's configured archive bucket. Other buckets must be allowed by the operator's allowedArchiveBuckets setting.")]
    [RegularExpression(Patterns.S3Bucket)]
    public string? Bucket { get; init; }

    [Description("Key prefix of a session's archive; {year}, {month}, {day}, {stream}, {namespace} and {timestamp} (the start, in Unix seconds) are replaced, and no other placeholder is allowed. The prefix always begins with the stream's namespace: \"{namespace}/\" is prepended unless the template starts with it. Every session records to a prefix of its own: when an earlier session used the same one (a template without {timestamp}), a unique suffix is appended. '*' and '?' are refused (they are IAM wildcards), and an S3Upload stream's template must contain {stream}: its app may write anywhere under the session's prefix.")]
    [StringLength(512)]
    [RegularExpression(@"^([^\s{}]|\{(year|month|day|stream|namespace|timestamp)\})*$")]
    [DefaultValue("{year}/{month}/{day}/{stream}-{timestamp}")]
    public string PathTemplate { get; init; } = "{year}/{month}/{day}/{stream}-{timestamp}";
}
