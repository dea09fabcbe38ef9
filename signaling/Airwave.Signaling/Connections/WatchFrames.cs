using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;

namespace Airwave.Signaling.Connections;

/// <summary>
/// Watch requests: a viewer asks to watch, the broadcaster accepts or refuses, and either side leaves a request.
/// </summary>
public sealed class WatchFrames(
    BroadcastStore broadcasts,
    IPeerBus bus,
    ConnectionRegistry registry,
    SessionSettings settings,
    SignalingMetrics metrics,
    SfuFrames sfu,
    ViewFrames views,
    TimeProvider clock)
{
    public async Task WatchAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (connection.Role != PeerRole.Viewer || message.Text("broadcaster") is not { } broadcaster)
        {
            connection.Refuse(connection.Role != PeerRole.Viewer ? ErrorCodes.NotAllowed : ErrorCodes.BadMessage, connection.Role != PeerRole.Viewer ? "only a viewer connection watches" : "watch needs broadcaster: the user id to watch", message);
            return;
        }

        if (broadcaster == connection.UserId)
        {
            connection.Refuse(ErrorCodes.NotAllowed, "a user cannot watch their own broadcast", message);
            return;
        }

        var session = await broadcasts.FindLiveAsync(connection.Site.Id, broadcaster, CancellationToken.None);
        if (session is null)
        {
            connection.Refuse(ErrorCodes.BroadcasterOffline, $"{broadcaster} is not broadcasting", message);
            return;
        }

        var open = (await broadcasts.ListOpenRequestsAsync(session.Id, CancellationToken.None)).FirstOrDefault(r => r.ViewerUserId == connection.UserId);
        if (open is null && await broadcasts.LastRefusalAsync(session.Id, connection.UserId!, CancellationToken.None) is { } refusedAt
            && refusedAt + settings.RefusalCooldown > clock.GetUtcNow())
        {
            connection.Refuse(ErrorCodes.RateLimited, $"{broadcaster} refused this viewer: ask again after {(refusedAt + settings.RefusalCooldown).UtcDateTime:HH:mm:ss} UTC", message);
            return;
        }

        var request = open ?? await broadcasts.CreateRequestAsync(session.Id, connection.UserId!, CancellationToken.None);
        connection.Requests[request.Id] = session.Id;
        connection.Hold(Target.Request(request.Id), registry);
        if (request.Decision == ViewerRequest.Accepted)
        {
            // Accepted before (this viewer refreshed the page): connected again without asking the broadcaster.
            connection.Send(ServerMessage.Create("accepted", [("request", request.Id), ("broadcaster", broadcaster), .. sfu.ViewerTopology(session, request.Id)]));
            await bus.PublishAsync(Target.Session(session.Id), ServerMessage.Create("viewer-ready", [("request", request.Id), ("viewer", connection.UserId), .. SfuFrames.Topology(session)]), CancellationToken.None);
            return;
        }

        connection.Send(ServerMessage.Create("watch-pending", ("request", request.Id), ("broadcaster", broadcaster)));
        await bus.PublishAsync(Target.Session(session.Id), ServerMessage.Create("watch-request", ("request", request.Id), ("viewer", connection.UserId)), CancellationToken.None);
    }

    public async Task DecideAsync(Connection connection, ClientMessage message, string decision)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (connection.Role != PeerRole.Broadcaster || connection.SessionId is not { } session || message.Text("request") is not { } requestId)
        {
            connection.Refuse(connection.Role != PeerRole.Broadcaster ? ErrorCodes.NotAllowed : ErrorCodes.BadMessage, connection.Role != PeerRole.Broadcaster ? "only the broadcaster decides on requests" : $"{message.Type} needs request: the id of the watch request", message);
            return;
        }

        var request = await broadcasts.DecideAsync(session, requestId, decision, CancellationToken.None);
        if (request is null)
        {
            connection.Refuse(ErrorCodes.UnknownRequest, $"there is no undecided request {requestId} on this broadcast", message);
            return;
        }

        metrics.Decided(decision);

        if (decision == ViewerRequest.Refused)
        {
            await bus.PublishAsync(Target.Request(requestId), ServerMessage.Create("refused", ("request", requestId)), CancellationToken.None);
            return;
        }

        connection.Requests[requestId] = request.ViewerUserId;
        var current = await broadcasts.GetAsync(session, CancellationToken.None);

        // Each frame gets nodes of its own: a JSON node has one parent.
        await bus.PublishAsync(Target.Request(requestId), ServerMessage.Create("accepted", [("request", requestId), ("broadcaster", connection.UserId), .. sfu.ViewerTopology(current, requestId)]), CancellationToken.None);
        connection.Send(ServerMessage.Create("viewer-ready", [("request", requestId), ("viewer", request.ViewerUserId), .. SfuFrames.Topology(current)]));
        await sfu.MoveWhenDueAsync(connection, current);
    }

    /// <summary>A viewer's bye: it leaves the request named, or all of its requests, and ends its views of them.</summary>
    public async Task ViewerByeAsync(Connection connection, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await views.EndAsync(connection, requestId, ViewFrames.EndedByPage);
        foreach (var (request, session) in connection.Requests.Where(r => requestId is null || r.Key == requestId).ToList())
        {
            await LeaveAsync(connection, request, Target.Request(request), Target.Session(session), ServerMessage.Create("viewer-left", ("request", request)));
        }
    }

    /// <summary>The broadcaster closes one accepted request; the viewer is told.</summary>
    public Task CloseAsync(Connection connection, string requestId) =>
        LeaveAsync(connection, requestId, null, Target.Request(requestId), ServerMessage.Create("bye", ("request", requestId), ("reason", "closed-by-broadcaster")));

    private async Task LeaveAsync(Connection connection, string requestId, Target? own, Target other, ServerMessage notice)
    {
        await broadcasts.EndRequestAsync(requestId, CancellationToken.None);
        connection.Requests.TryRemove(requestId, out _);
        if (own is not null)
        {
            registry.Release(own, connection);
            connection.Targets.TryRemove(own, out _);
        }

        await bus.PublishAsync(other, notice, CancellationToken.None);
    }
}
