using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.VideoAssets;

public sealed record DirectUpload
{
    [Description("The web origin allowed to upload from a browser (CORS).")]
    [StringLength(2048)]
    [RegularExpression(@"^(\*|https?://[^\s/]+)$")]
    public string? CorsOrigin { get; init; }

    [Description("How long the upload URL stays valid, in seconds.")]
    [Range(60, 604800)]
    [DefaultValue(3600)]
    public int TimeoutSeconds { get; init; } = 3600;
}
