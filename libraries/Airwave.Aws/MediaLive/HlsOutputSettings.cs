namespace Airwave.Aws.MediaLive;

public sealed record HlsOutputSettings(HlsSettings HlsSettings, string? NameModifier = null);
