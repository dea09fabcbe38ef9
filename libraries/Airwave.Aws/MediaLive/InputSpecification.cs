namespace Airwave.Aws.MediaLive;

/// <summary>Codec (MPEG2, AVC, HEVC), maximum bitrate (MAX_10_MBPS...) and resolution (SD, HD, UHD) of the source.</summary>
public sealed record InputSpecification(string Codec, string MaximumBitrate, string Resolution);
