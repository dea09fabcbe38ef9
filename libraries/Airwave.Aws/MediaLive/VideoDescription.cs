namespace Airwave.Aws.MediaLive;

public sealed record VideoDescription(string Name, int? Width = null, int? Height = null, VideoCodecSettings? CodecSettings = null);
