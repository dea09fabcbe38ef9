namespace Airwave.Aws.Ivs;

/// <summary>What to change of a channel; null members are left as they are. A live channel cannot be updated.</summary>
/// <param name="RecordingConfigurationArn">The recording configuration its broadcasts are recorded with; empty to record none.</param>
public sealed record UpdateChannelRequest(
    string Arn,
    string? LatencyMode = null,
    string? Type = null,
    bool? Authorized = null,
    string? RecordingConfigurationArn = null);
