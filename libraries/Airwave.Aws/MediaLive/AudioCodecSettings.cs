namespace Airwave.Aws.MediaLive;

public sealed record AudioCodecSettings(AacSettings? AacSettings);
