namespace Airwave.Aws.MediaLive;

public sealed record HlsGroupSettings(
    OutputLocationRef Destination,
    HlsCdnSettings? HlsCdnSettings = null,
    int? SegmentLength = null,
    string? Mode = null,
    string? ProgramDateTime = null);
