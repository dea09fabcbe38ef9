namespace Airwave.Aws.MediaLive;

public sealed record H264Settings(
    int? Bitrate = null,
    string? RateControlMode = null,
    string? FramerateControl = null,
    int? FramerateNumerator = null,
    int? FramerateDenominator = null,
    double? GopSize = null,
    string? GopSizeUnits = null,
    string? Profile = null);
