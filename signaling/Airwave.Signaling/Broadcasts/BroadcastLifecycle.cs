using Airwave.Signaling.Configuration;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;

namespace Airwave.Signaling.Broadcasts;

/// <summary>
/// A broadcast starting and ending, and who is told: the broadcasts it replaces and their viewers, its viewers when
/// it ends, and the pages following the broadcaster's presence. Ending is done by whichever replica ends it first.
/// </summary>
public sealed class BroadcastLifecycle(BroadcastStore broadcasts, IPeerBus bus, SessionSettings settings, SignalingMetrics metrics)
{
    /// <summary>Starts a new session for the user, replacing any other of theirs on the site.</summary>
    public async Task<BroadcastSession> StartAsync(string siteId, string userId, string resumeToken)
    {
        var previous = await broadcasts.FindLiveAsync(siteId, userId, CancellationToken.None);
        var previousRequests = previous is null ? [] : await broadcasts.ListOpenRequestsAsync(previous.Id, CancellationToken.None);
        var (session, replaced) = await broadcasts.StartAsync(siteId, userId, resumeToken, CancellationToken.None);
        metrics.BroadcastStarted();
        foreach (var old in replaced)
        {
            metrics.BroadcastEnded(EndReasons.Replaced);
            await bus.PublishAsync(Target.Session(old), ServerMessage.Create("ended", ("session", old), ("reason", EndReasons.Replaced)), CancellationToken.None);
        }

        foreach (var request in previousRequests)
        {
            await bus.PublishAsync(Target.Request(request.Id), ServerMessage.Create("broadcast-ended", ("request", request.Id), ("reason", EndReasons.Replaced)), CancellationToken.None);
        }

        await PublishPresenceAsync(siteId, userId, live: true);
        return session;
    }

    /// <summary>Ends a session and tells its viewers and its presence watchers.</summary>
    public async Task EndAsync(string siteId, string userId, string sessionId, string reason)
    {
        var requests = await broadcasts.ListOpenRequestsAsync(sessionId, CancellationToken.None);
        if (!await broadcasts.EndAsync(sessionId, reason, settings.LongestHeartbeatGap, CancellationToken.None))
        {
            return;
        }

        metrics.BroadcastEnded(reason);

        foreach (var request in requests)
        {
            await bus.PublishAsync(Target.Request(request.Id), ServerMessage.Create("broadcast-ended", ("request", request.Id), ("reason", reason)), CancellationToken.None);
        }

        if (reason != EndReasons.Ended)
        {
            await bus.PublishAsync(Target.Session(sessionId), ServerMessage.Create("ended", ("session", sessionId), ("reason", reason)), CancellationToken.None);
        }

        await PublishPresenceAsync(siteId, userId, live: false);
    }

    private Task PublishPresenceAsync(string siteId, string userId, bool live) =>
        bus.PublishAsync(Target.Presence(siteId, userId), ServerMessage.Create("presence", ("user", userId), ("live", live)), CancellationToken.None);
}
