namespace Airwave.Aws.MediaLive;

/// <summary>Writes the transport stream to S3, starting a new file every <see cref="RolloverInterval"/> seconds.</summary>
public sealed record ArchiveGroupSettings(OutputLocationRef Destination, int? RolloverInterval = null);
