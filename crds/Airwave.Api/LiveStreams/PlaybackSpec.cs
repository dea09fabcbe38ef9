using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.VideoAssets;

namespace Airwave.Api.LiveStreams;

public sealed record PlaybackSpec
{
    [Description("How far back viewers can rewind (start-over), in seconds; 0 turns start-over off.")]
    [Range(0, 1209600)]
    [DefaultValue(3600)]
    public int StartoverWindowSeconds { get; init; } = 3600;

    [Description("HLS encryption of the packaged stream.")]
    public EncryptionSpec Encryption { get; init; } = new();

    [Description("Who may watch. Public: anyone with the URL. Signed: only viewers with a short-lived grant, which apps allowed to get the LiveStream obtain from the webhook service (POST /v1/playback-tokens with kind LiveStream): the live distribution serves the stream only to CloudFront-signed requests, the MediaPackage endpoint only to the distribution, and an encrypted stream's keys only with the grant. Signed needs spec.live and a stream with a MediaLive channel (RtmpPush, Pull, Chime to MediaLive, WebRtc with a channel); a Chime stream to IVS uses spec.source.chime.ivs.private, a WebRtc stream's WHEP viewing spec.source.webRtc.private.")]
    [DefaultValue(PlaybackPolicy.Public)]
    public PlaybackPolicy Policy { get; init; } = PlaybackPolicy.Public;
}
