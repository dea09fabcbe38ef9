namespace Airwave.Aws.MediaLive;

/// <summary>Exactly one member is set, matching the kind of the output's group.</summary>
public sealed record OutputSettings(
    HlsOutputSettings? HlsOutputSettings = null,
    ArchiveOutputSettings? ArchiveOutputSettings = null,
    MediaPackageOutputSettings? MediaPackageOutputSettings = null);
