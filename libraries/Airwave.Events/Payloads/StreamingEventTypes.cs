namespace Airwave.Events.Payloads;

/// <summary>The <c>event_type</c> values of <see cref="StreamingEvent"/>, one per stream transition, and its views.</summary>
public static class StreamingEventTypes
{
    public static string For(string type) => type switch
    {
        EventTypes.StreamCreated => "stream_created",
        EventTypes.StreamProvisioned => "stream_provisioned",
        EventTypes.StreamStarted => "stream_start",
        EventTypes.StreamStopped => "stream_stop",
        EventTypes.StreamLiveOn => "stream_live_on",
        EventTypes.StreamLiveOff => "stream_live_off",
        EventTypes.StreamFailed => "stream_failed",
        EventTypes.StreamDeleted => "stream_deleted",
        EventTypes.StreamQuotaExceeded => "stream_quota_exceeded",
        EventTypes.StreamConnectorConnected => "stream_connector_connected",
        EventTypes.StreamConnectorFailed => "stream_connector_failed",
        EventTypes.StreamCredentialsRefreshed => "stream_credentials_refreshed",
        EventTypes.StreamViewed => "stream_viewed",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a stream transition"),
    };
}
