namespace Airwave.Aws.MediaLive;

/// <summary>Exactly one member is set; it decides the kind of output group.</summary>
public sealed record OutputGroupSettings(
    HlsGroupSettings? HlsGroupSettings = null,
    ArchiveGroupSettings? ArchiveGroupSettings = null,
    MediaPackageGroupSettings? MediaPackageGroupSettings = null);
