namespace Airwave.Aws.Ivs;

/// <summary>What to change of a channel; null members are left as they are. A live channel cannot be updated.</summary>
public sealed record UpdateChannelRequest(
    string Arn,
    string? LatencyMode = null,
    string? Type = null,
    bool? Authorized = null);
