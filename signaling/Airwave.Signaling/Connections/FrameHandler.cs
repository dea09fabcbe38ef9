using System.Text.Json.Nodes;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Ice;
using Airwave.Signaling.Identity;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;

namespace Airwave.Signaling.Connections;

/// <summary>
/// What the service does with each frame of protocol version 1 (PROTOCOL.md): the introduction and heartbeats here,
/// everything else handed to the part of the conversation it belongs to (the broadcaster's session, watch requests,
/// the relay between the two pages, presence, the move to an SFU). Everything another replica may need is in the
/// database; frames reach the other page through the bus.
/// </summary>
public sealed class FrameHandler(
    SiteTokens tokens,
    IceServers iceServers,
    SessionSettings settings,
    SignalingMetrics metrics,
    BroadcastStore broadcasts,
    IPeerBus bus,
    ConnectionRegistry registry,
    BroadcasterFrames broadcaster,
    WatchFrames watch,
    RelayFrames relay,
    PresenceFrames presence,
    SfuFrames sfu,
    ViewFrames views,
    TimeProvider clock)
{
    public async Task HandleAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Type != "hello" && connection.Role is null)
        {
            connection.Refuse(ErrorCodes.HelloFirst, "introduce the page with a hello frame first", message);
            return;
        }

        var task = message.Type switch
        {
            "hello" => HelloAsync(connection, message),
            "subscribe" => presence.SubscribeAsync(connection, message),
            "watch" => watch.WatchAsync(connection, message),
            "accept" => watch.DecideAsync(connection, message, ViewerRequest.Accepted),
            "refuse" => watch.DecideAsync(connection, message, ViewerRequest.Refused),
            "offer" or "answer" or "ice" => relay.RelayAsync(connection, message),
            "heartbeat" => HeartbeatAsync(connection),
            "sfu-live" => sfu.LiveAsync(connection, message),
            "sfu-watching" => sfu.WatchingAsync(connection, message),
            "view" => views.ViewAsync(connection, message),
            "bye" => connection.Role == PeerRole.Viewer ? watch.ViewerByeAsync(connection, message.Text("request")) : broadcaster.ByeAsync(connection, message),
            _ => Unknown(connection, message),
        };
        await task;
    }

    /// <summary>
    /// The page went away without a bye: the broadcast waits for it to come back, viewers wait for it, requests stay
    /// open. Its views end: a page that comes back opens new ones.
    /// </summary>
    public async Task ClosedAsync(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await views.EndAsync(connection, null, ViewFrames.Disconnected);
        foreach (var target in connection.Targets.Keys)
        {
            registry.Release(target, connection);
        }

        if (connection.Role == PeerRole.Broadcaster && connection.SessionId is { } session && !registry.IsHere(Target.Session(session)))
        {
            await broadcasts.MarkDisconnectedAsync(session, CancellationToken.None);
            foreach (var request in connection.Requests.Keys)
            {
                await bus.PublishAsync(Target.Request(request), ServerMessage.Create("broadcaster-away", ("request", request)), CancellationToken.None);
            }
        }
        else if (connection.Role == PeerRole.Viewer)
        {
            foreach (var (request, sessionId) in connection.Requests)
            {
                if (!registry.IsHere(Target.Request(request)))
                {
                    await bus.PublishAsync(Target.Session(sessionId), ServerMessage.Create("viewer-away", ("request", request)), CancellationToken.None);
                }
            }
        }
    }

    private async Task HelloAsync(Connection connection, ClientMessage message)
    {
        if (connection.Role is not null)
        {
            connection.Refuse(ErrorCodes.AlreadyIntroduced, "this connection has already introduced itself", message);
            return;
        }

        PeerRole? role = message.Text("role") switch
        {
            "broadcaster" => PeerRole.Broadcaster,
            "viewer" => PeerRole.Viewer,
            _ => null,
        };
        if (role is null)
        {
            connection.Refuse(ErrorCodes.BadMessage, "hello needs a role: broadcaster or viewer", message);
            return;
        }

        var identity = tokens.ValidateUser(connection.Site, message.Text("token"));
        if (!identity.IsValid)
        {
            connection.Refuse(identity.Problem == TokenProblem.Expired ? ErrorCodes.TokenExpired : ErrorCodes.TokenInvalid, identity.Message!, message);
            return;
        }

        connection.Introduce(identity.UserId!, role.Value);
        metrics.Introduced(role.Value);
        var welcome = new List<(string, JsonNode?)>
        {
            ("connection", connection.Id),
            ("role", message.Text("role")),
            ("user", identity.UserId),
            ("heartbeatSeconds", (int)settings.HeartbeatInterval.TotalSeconds),
            ("iceServers", iceServers.For(identity.UserId!)),
        };
        if (role == PeerRole.Viewer)
        {
            connection.Send(ServerMessage.Create("welcome", [.. welcome]));
            return;
        }

        await broadcaster.IntroduceAsync(connection, message, welcome);
    }

    private async Task HeartbeatAsync(Connection connection)
    {
        if (connection.SessionId is { } session)
        {
            await broadcasts.HeartbeatAsync(session, settings.LongestHeartbeatGap, CancellationToken.None);
        }

        connection.Send(ServerMessage.Create("heartbeat", ("serverTime", clock.GetUtcNow().ToUnixTimeMilliseconds())));
    }

    private static Task Unknown(Connection connection, ClientMessage message)
    {
        connection.Refuse(ErrorCodes.BadMessage, $"unknown frame type \"{message.Type}\"", message);
        return Task.CompletedTask;
    }
}
