using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

[Description("The IVS channel of a Chime stream with target Ivs.")]
public sealed record IvsStatus
{
    [Description("The channel's ARN.")]
    public string? ChannelArn { get; init; }

    [Description("Where viewers play the stream: the channel's HLS playlist (with ?token= for a private channel).")]
    public string? PlaybackUrl { get; init; }

    [Description("Whether the channel plays only with a playback token.")]
    public bool Private { get; init; }

    [Description("The IVS recording configuration the channel records its broadcasts with, to spec.archive's bucket; absent while spec.archive.enabled is false.")]
    public string? RecordingConfigurationArn { get; init; }
}
