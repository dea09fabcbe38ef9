using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record S3UploadSource
{
    [Description("How long each set of upload credentials lasts, in seconds (900 to 43200; the operator's upload role must allow it as its maximum session duration). While the stream runs they are replaced before they expire.")]
    [Range(900, 43200)]
    [DefaultValue(3600)]
    public int CredentialSeconds { get; init; } = 3600;
}
