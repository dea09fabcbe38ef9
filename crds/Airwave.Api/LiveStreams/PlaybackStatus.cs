using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

public sealed record PlaybackStatus
{
    [Description("The MediaPackage HLS endpoint.")]
    public string? Url { get; init; }

    [Description("The same stream through the live CloudFront distribution, while spec.live is true.")]
    public string? LiveUrl { get; init; }
}
