namespace Airwave.Aws.MediaLive;

public sealed record ListAlertsResponse(IReadOnlyList<ChannelAlert>? Alerts, string? NextToken);
