namespace Airwave.Aws.MediaPackage;

public sealed record HlsPackage(
    int? SegmentDurationSeconds = null,
    int? PlaylistWindowSeconds = null,
    string? PlaylistType = null,
    int? ProgramDateTimeIntervalSeconds = null,
    HlsEncryption? Encryption = null);
