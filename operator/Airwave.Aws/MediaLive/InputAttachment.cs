namespace Airwave.Aws.MediaLive;

public sealed record InputAttachment(string InputId, string? InputAttachmentName = null);
