namespace Airwave.Aws.MediaLive;

/// <summary>An input attached to a channel; <see cref="InputSettings"/> names the audio the encoder's audio descriptions select.</summary>
public sealed record InputAttachment(string InputId, string? InputAttachmentName = null, InputSettings? InputSettings = null);
