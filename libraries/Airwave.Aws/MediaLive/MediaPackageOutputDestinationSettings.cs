namespace Airwave.Aws.MediaLive;

public sealed record MediaPackageOutputDestinationSettings(string ChannelId);
