using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.VideoAssets;

public sealed record VideoSource
{
    [Description("Wait for a browser or app to upload the file to a one-time URL published in status.uploadUrl.")]
    public DirectUpload? DirectUpload { get; init; }

    [Description("Have the provider fetch the file from this URL.")]
    [StringLength(2048)]
    [RegularExpression(@"^https?://[^\s]+$")]
    public string? Url { get; init; }

    [Description("Use a clip an ArchiveSplit cut from a stream's recording.")]
    public ArchiveSplitReference? ArchiveSplitRef { get; init; }
}
