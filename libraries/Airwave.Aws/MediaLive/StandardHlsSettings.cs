namespace Airwave.Aws.MediaLive;

public sealed record StandardHlsSettings(M3u8Settings M3u8Settings, string? AudioRenditionSets = null);
