namespace Airwave.Aws.MediaLive;

public sealed record ArchiveOutputSettings(ArchiveContainerSettings ContainerSettings, string? Extension = null, string? NameModifier = null);
