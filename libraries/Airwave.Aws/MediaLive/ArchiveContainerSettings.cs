namespace Airwave.Aws.MediaLive;

public sealed record ArchiveContainerSettings(M2tsSettings? M2tsSettings);
