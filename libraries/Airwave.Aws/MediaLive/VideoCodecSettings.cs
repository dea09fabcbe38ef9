namespace Airwave.Aws.MediaLive;

public sealed record VideoCodecSettings(H264Settings? H264Settings);
