namespace Airwave.Aws.MediaPackage;

/// <summary>A channel's one setting that can change after it was made: its description.</summary>
public sealed record UpdateChannelRequest(string? Description);
