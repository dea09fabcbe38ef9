namespace Airwave.Aws.MediaLive;

/// <summary>
/// Something a running channel reports about its pipelines (ListAlerts): its type ("Unable to Access Input Resource",
/// say), a message with the detail, and whether it is still SET or was CLEARED.
/// </summary>
public sealed record ChannelAlert(
    string? AlertType,
    DateTimeOffset? ClearedTimestamp,
    string? Id,
    string? Message,
    string? PipelineId,
    DateTimeOffset? SetTimestamp,
    ChannelAlertState State);
