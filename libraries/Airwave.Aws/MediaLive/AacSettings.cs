namespace Airwave.Aws.MediaLive;

public sealed record AacSettings(double? Bitrate = null, string? CodingMode = null, double? SampleRate = null, string? RateControlMode = null);
