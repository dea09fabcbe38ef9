using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

[Description("The IVS channel a Chime stream with target Ivs broadcasts to. A change is made while the channel is not live (stopped streams at once, running ones when they next stop).")]
public sealed record IvsChannelSpec
{
    [Description("Low (the default) plays a few seconds behind the meeting; Normal is for players that cannot play low latency.")]
    [DefaultValue(IvsLatencyMode.Low)]
    public IvsLatencyMode LatencyMode { get; init; } = IvsLatencyMode.Low;

    [Description("The IVS channel type, which sets its cost and what viewers get: Standard (the default) makes renditions for adaptive playback, Basic passes the meeting's one rendition through, AdvancedSd and AdvancedHd make renditions of higher quality.")]
    [DefaultValue(IvsChannelType.Standard)]
    public IvsChannelType Type { get; init; } = IvsChannelType.Standard;

    [Description("Private playback: viewers need a playback token, which apps allowed to get the LiveStream obtain from the webhook service (POST /v1/playback-tokens with kind LiveStream); without one the playback URL answers 403.")]
    public bool Private { get; init; }
}
