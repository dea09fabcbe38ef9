namespace Airwave.Aws.MediaLive;

public sealed record HlsSettings(StandardHlsSettings? StandardHlsSettings);
