using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record WebRtcSource
{
    [Description("Viewers the SFU pods are sized for.")]
    [Range(1, 100000)]
    [DefaultValue(500)]
    public int MaxViewers { get; init; } = 500;

    [Description("Private viewing: each WHEP session needs a viewer token, which apps allowed to get the LiveStream obtain from the webhook service (POST /v1/playback-tokens with kind LiveStream), good for one session; without one the WHEP URL answers 403. Needs the operator's SFU broadcast key (the chart's sfu.broadcastKeySecret).")]
    public bool Private { get; init; }
}
