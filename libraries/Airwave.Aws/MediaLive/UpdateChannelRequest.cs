namespace Airwave.Aws.MediaLive;

/// <summary>Members left null keep their current value. Only an IDLE channel can be updated.</summary>
public sealed record UpdateChannelRequest(
    string? Name = null,
    IReadOnlyList<OutputDestination>? Destinations = null,
    EncoderSettings? EncoderSettings = null,
    IReadOnlyList<InputAttachment>? InputAttachments = null,
    string? RoleArn = null);
