using System.ComponentModel;

namespace Airwave.Api.VideoAssets;

[Description("The direct upload the asset's file comes through.")]
public sealed record VideoUpload
{
    [Description("The provider's id of the upload.")]
    public required string Id { get; init; }

    [Description("As the provider reports it: waiting, asset_created, timed_out, cancelled or errored.")]
    public string? State { get; init; }

    [Description("When the upload times out without a file: spec.source.directUpload.timeoutSeconds after it was made, a week at most. Until then status.uploadUrl takes the file; provider Aws renews the URL before it expires where the operator's AWS credentials are temporary, as a URL stops working when the credentials that signed it expire.")]
    public DateTimeOffset? TimesOutAt { get; init; }

    [Description("The metadata.generation the upload was made for: an upload that ended without a file is replaced once the spec changes.")]
    public long? Generation { get; init; }

    [Description("The value of the media.airwave.dev/new-upload annotation when the upload was made: changing it asks for a new upload.")]
    public string? Request { get; init; }
}
