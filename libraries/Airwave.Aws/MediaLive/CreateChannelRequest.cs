namespace Airwave.Aws.MediaLive;

/// <summary>A repeated <see cref="RequestId"/> returns the channel the first request created.</summary>
public sealed record CreateChannelRequest(
    string Name,
    ChannelClass ChannelClass,
    IReadOnlyList<OutputDestination> Destinations,
    EncoderSettings EncoderSettings,
    IReadOnlyList<InputAttachment> InputAttachments,
    string RoleArn,
    InputSpecification? InputSpecification = null,
    string? RequestId = null,
    IReadOnlyDictionary<string, string>? Tags = null);
