namespace Airwave.Webhook.VideoPlayback;

/// <summary>
/// Playing Signed VideoAssets on provider Aws (section Webhook:SignedVideos): where viewers reach the distribution that
/// serves the video bucket, whose URLs this service signs. Unset: token requests for them are refused with 503.
/// </summary>
public sealed record SignedVideoSettings
{
    /// <summary>The operator's Operator:VideoAssets:Aws:PlaybackBaseUrl (https://vod.example.com).</summary>
    public Uri? PlaybackBaseUrl { get; init; }
}
