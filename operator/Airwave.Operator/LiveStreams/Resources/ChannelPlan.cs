using Airwave.Aws.MediaLive;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The channel a stream's spec asks for, and the hash that identifies those settings.</summary>
public sealed record ChannelPlan(
    ChannelClass ChannelClass,
    EncoderSettings EncoderSettings,
    IReadOnlyList<OutputDestination> Destinations,
    string InputId,
    string RoleArn,
    string SettingsHash);
