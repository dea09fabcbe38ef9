namespace Airwave.Aws.Ivs;

/// <summary>A recording configuration to create; null members take the service's defaults (no reconnect window, a thumbnail a minute).</summary>
/// <param name="RecordingReconnectWindowSeconds">How long (0–300 s) a broadcast may be away and still continue the same recording.</param>
public sealed record CreateRecordingConfigurationRequest(
    DestinationConfiguration DestinationConfiguration,
    string? Name = null,
    int? RecordingReconnectWindowSeconds = null,
    ThumbnailConfiguration? ThumbnailConfiguration = null,
    IReadOnlyDictionary<string, string>? Tags = null);
