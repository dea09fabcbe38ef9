using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record S3UploadSource
{
    [Description("How long each set of upload credentials lasts, in seconds (900 to 43200; the operator's upload role must allow it as its maximum session duration). While the stream runs they are replaced before they expire.")]
    [Range(900, 43200)]
    [DefaultValue(3600)]
    public int CredentialSeconds { get; init; } = 3600;

    [Description("The HLS playlist the app uploads, relative to the session's prefix (s3_bucket_path in the Secret). With spec.live, status.playback.url plays it through the live distribution.")]
    [StringLength(255)]
    [RegularExpression(@"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\.m3u8$")]
    [DefaultValue("index.m3u8")]
    public string Playlist { get; init; } = "index.m3u8";
}
