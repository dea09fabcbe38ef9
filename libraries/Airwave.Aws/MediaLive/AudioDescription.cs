namespace Airwave.Aws.MediaLive;

public sealed record AudioDescription(string Name, string AudioSelectorName, AudioCodecSettings? CodecSettings = null);
