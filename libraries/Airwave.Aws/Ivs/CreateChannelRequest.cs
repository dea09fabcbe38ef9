namespace Airwave.Aws.Ivs;

/// <summary>
/// A channel to create; null members take the service's defaults (latency LOW, type STANDARD, public, RTMPS ingest).
/// </summary>
public sealed record CreateChannelRequest(
    string Name,
    string? LatencyMode = null,
    string? Type = null,
    bool? Authorized = null,
    bool? InsecureIngest = null,
    string? RecordingConfigurationArn = null,
    IReadOnlyDictionary<string, string>? Tags = null);
