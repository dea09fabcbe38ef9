namespace Airwave.Signaling.Broadcasts;

/// <summary>
/// One broadcast, from "Start broadcast" to its end; <see cref="BroadcastTime"/> is what its heartbeats counted;
/// <see cref="SfuStream"/> the WebRtc stream (namespace/name) it moved to, null while it is peer-to-peer, and
/// <see cref="SfuLive"/> whether its page publishes there (its viewers watch there).
/// </summary>
public sealed record BroadcastSession(
    string Id,
    string SiteId,
    string UserId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    DateTimeOffset LastHeartbeatAt,
    DateTimeOffset? DisconnectedAt,
    TimeSpan BroadcastTime,
    string? SfuStream = null,
    bool SfuLive = false);

/// <summary>A viewer's request to watch a session and the broadcaster's decision (null while undecided).</summary>
public sealed record ViewerRequest(
    string Id,
    string SessionId,
    string ViewerUserId,
    DateTimeOffset RequestedAt,
    string? Decision,
    DateTimeOffset? EndedAt)
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";

    public bool IsOpen => EndedAt is null;
}

/// <summary>Why a session ended, as the API and the downstream events say it.</summary>
public static class EndReasons
{
    /// <summary>The broadcaster said bye (stopped the broadcast).</summary>
    public const string Ended = "ended";

    /// <summary>The same user started a new broadcast on the site.</summary>
    public const string Replaced = "replaced";

    /// <summary>The broadcaster's page did not come back within the resume grace period, or stopped sending heartbeats.</summary>
    public const string Lost = "lost";
}
