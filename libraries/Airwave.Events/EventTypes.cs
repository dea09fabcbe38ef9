namespace Airwave.Events;

/// <summary>The short event types; on the wire they carry the <see cref="CloudEventPrefix"/>.</summary>
public static class EventTypes
{
    public const string CloudEventPrefix = "dev.airwave.";

    public const string StreamCreated = "stream.created";
    public const string StreamProvisioned = "stream.provisioned";
    public const string StreamStarted = "stream.started";
    public const string StreamStopped = "stream.stopped";
    public const string StreamLiveOn = "stream.live_on";
    public const string StreamLiveOff = "stream.live_off";
    public const string StreamFailed = "stream.failed";
    public const string StreamDeleted = "stream.deleted";

    /// <summary>A running stream's namespace reached its monthly spend limit: the stream runs on, or is stopped where the budget says so.</summary>
    public const string StreamQuotaExceeded = "stream.quota_exceeded";

    /// <summary>A viewer began watching a LiveStream or an external stream (the webhook service's views).</summary>
    public const string StreamViewed = "stream.viewed";

    /// <summary>A view of a LiveStream or an external stream ended: its <c>stream_performance</c>.</summary>
    public const string StreamAnalytics = "stream.analytics";

    /// <summary>A Chime stream's meeting connector began pushing the meeting, or failed (and is tried again).</summary>
    public const string StreamConnectorConnected = "stream.connector.connected";
    public const string StreamConnectorFailed = "stream.connector.failed";

    /// <summary>An S3Upload stream's upload credentials were replaced in its ingest Secret before they expired.</summary>
    public const string StreamCredentialsRefreshed = "stream.credentials.refreshed";

    public const string VideoCreated = "video.created";
    public const string VideoReady = "video.ready";
    public const string VideoErrored = "video.errored";
    public const string VideoDeleted = "video.deleted";

    /// <summary>A viewer began watching a VideoAsset, and the view's <c>stream_performance</c> when it ended.</summary>
    public const string VideoViewed = "video.viewed";
    public const string VideoAnalytics = "video.analytics";

    public const string SplitSectionSucceeded = "split.section.succeeded";
    public const string SplitSucceeded = "split.succeeded";
    public const string SplitFailed = "split.failed";

    /// <summary>The signaling service's: a browser broadcast began, ended, and the time it counted per UTC day.</summary>
    public const string BroadcastStarted = "broadcast.started";
    public const string BroadcastEnded = "broadcast.ended";
    public const string BroadcastAnalytics = "broadcast.analytics";

    /// <summary>Analytics are switched by DOWNSTREAM_SERVICE_ENABLE_ANALYTICS, every other type by _ENABLE_EVENTS.</summary>
    public static bool IsAnalytics(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.EndsWith(".analytics", StringComparison.Ordinal);
    }
}
