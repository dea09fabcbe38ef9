using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

public sealed record PlaybackStatus
{
    [Description("Where the stream plays over HLS: its MediaPackage endpoint (for a Signed stream, open to the live distribution alone: viewers play liveUrl with a grant from POST /v1/playback-tokens); for an S3Upload stream with spec.live, the playlist the app uploaded, through the live distribution.")]
    public string? Url { get; init; }

    [Description("The same stream through the live CloudFront distribution, while spec.live is true.")]
    public string? LiveUrl { get; init; }

    [Description("A WebRtc stream's: where viewers watch it over WHEP (POST for the server's offer, then PATCH the answer to the session's URL), through the signaling service.")]
    public string? WhepUrl { get; init; }
}
