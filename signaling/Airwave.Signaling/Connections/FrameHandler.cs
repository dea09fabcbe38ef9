using System.Buffers.Text;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Ice;
using Airwave.Signaling.Identity;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;
using Airwave.Signaling.SfuRouting;

namespace Airwave.Signaling.Connections;

/// <summary>
/// What the service does with each frame of protocol version 1 (PROTOCOL.md): introductions, watch requests and the
/// broadcaster's decisions, the relay of offers, answers and ICE candidates between the two pages, heartbeats, and
/// goodbyes. Everything another replica may need is in the database; frames reach the other page through the bus.
/// </summary>
public sealed class FrameHandler(
    BroadcastStore broadcasts,
    SiteTokens tokens,
    IPeerBus bus,
    ConnectionRegistry registry,
    IceServers iceServers,
    SessionSettings settings,
    SignalingMetrics metrics,
    BroadcastGrants grants,
    ViewerGrants viewerGrants,
    TimeProvider clock)
{
    /// <summary>How the two pages connect. Peer-to-peer for one viewer; the service decides, so a media server can take over later.</summary>
    public const string PeerToPeer = "p2p";

    /// <summary>The viewer watches the broadcast through an SFU stream's pods.</summary>
    public const string ThroughSfu = "sfu";

    public async Task HandleAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Type != "hello" && connection.Role is null)
        {
            connection.Send(ServerMessage.Error(ErrorCodes.HelloFirst, "introduce the page with a hello frame first", message.Id));
            return;
        }

        var task = message.Type switch
        {
            "hello" => HelloAsync(connection, message),
            "subscribe" => SubscribeAsync(connection, message),
            "watch" => WatchAsync(connection, message),
            "accept" => DecideAsync(connection, message, ViewerRequest.Accepted),
            "refuse" => DecideAsync(connection, message, ViewerRequest.Refused),
            "offer" or "answer" or "ice" => RelayAsync(connection, message),
            "heartbeat" => HeartbeatAsync(connection),
            "sfu-live" => SfuLiveAsync(connection, message),
            "sfu-watching" => SfuWatchingAsync(connection, message),
            "bye" => ByeAsync(connection, message),
            _ => Refuse(connection, ErrorCodes.BadMessage, $"unknown frame type \"{message.Type}\"", message),
        };
        await task;
    }

    /// <summary>The page went away without a bye: the broadcast waits for it to come back, viewers wait for it, requests stay open.</summary>
    public async Task ClosedAsync(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
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
            await Refuse(connection, ErrorCodes.AlreadyIntroduced, "this connection has already introduced itself", message);
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
            await Refuse(connection, ErrorCodes.BadMessage, "hello needs a role: broadcaster or viewer", message);
            return;
        }

        var identity = tokens.ValidateUser(connection.Site, message.Text("token"));
        if (!identity.IsValid)
        {
            await Refuse(connection, identity.Problem == TokenProblem.Expired ? ErrorCodes.TokenExpired : ErrorCodes.TokenInvalid, identity.Message!, message);
            return;
        }

        connection.UserId = identity.UserId;
        connection.Role = role;
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

        var resumeToken = message.Text("resume");
        var session = resumeToken is null ? null : await broadcasts.ResumeAsync(connection.Site.Id, identity.UserId!, resumeToken, CancellationToken.None);
        if (session is null)
        {
            resumeToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            session = await StartAsync(connection, resumeToken);
        }
        else
        {
            // The page came back: the old connection (if its close has not been seen yet) gives way.
            await bus.PublishAsync(Target.Session(session.Id), ServerMessage.Create("ended", ("session", session.Id), ("reason", "resumed-elsewhere")), CancellationToken.None);
        }

        connection.SessionId = session.Id;
        Take(connection, Target.Session(session.Id));
        welcome.AddRange([("session", session.Id), ("resumeToken", resumeToken), ("resumed", resumeToken == message.Text("resume"))]);
        connection.Send(ServerMessage.Create("welcome", [.. welcome]));
        if (resumeToken == message.Text("resume"))
        {
            await ResumeRequestsAsync(connection, session);
        }
    }

    private async Task<BroadcastSession> StartAsync(Connection connection, string resumeToken)
    {
        var previous = await broadcasts.FindLiveAsync(connection.Site.Id, connection.UserId!, CancellationToken.None);
        var previousRequests = previous is null ? [] : await broadcasts.ListOpenRequestsAsync(previous.Id, CancellationToken.None);
        var (session, replaced) = await broadcasts.StartAsync(connection.Site.Id, connection.UserId!, resumeToken, CancellationToken.None);
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

        await PublishPresenceAsync(connection.Site.Id, connection.UserId!, live: true);
        return session;
    }

    /// <summary>
    /// After a refresh: a broadcast that moved to an SFU is told again where to publish; undecided requests are asked
    /// again; accepted viewers are connected again without asking.
    /// </summary>
    private async Task ResumeRequestsAsync(Connection connection, BroadcastSession session)
    {
        if (session.SfuStream is { } stream)
        {
            connection.Send(SfuFrame(session.Id, stream));
        }

        foreach (var request in await broadcasts.ListOpenRequestsAsync(session.Id, CancellationToken.None))
        {
            if (request.Decision is null)
            {
                connection.Send(ServerMessage.Create("watch-request", ("request", request.Id), ("viewer", request.ViewerUserId)));
            }
            else
            {
                connection.Requests[request.Id] = request.ViewerUserId;
                connection.Send(ServerMessage.Create("viewer-ready", [("request", request.Id), ("viewer", request.ViewerUserId), .. Topology(session)]));
                await bus.PublishAsync(Target.Request(request.Id), ServerMessage.Create("broadcaster-back", ("request", request.Id)), CancellationToken.None);
            }
        }
    }

    private async Task SubscribeAsync(Connection connection, ClientMessage message)
    {
        if (message.Strings("users") is not { Count: > 0 and <= 100 } users)
        {
            await Refuse(connection, ErrorCodes.BadMessage, "subscribe needs users: a list of 1 to 100 user ids", message);
            return;
        }

        // Each subscription is a routing entry held while the socket lives: a page watches its friends, not everyone.
        var added = users.Distinct().Select(user => Target.Presence(connection.Site.Id, user)).Where(target => !connection.Targets.ContainsKey(target)).ToList();
        var held = connection.Targets.Keys.Count(target => target.Kind == TargetKind.Presence);
        if (held + added.Count > settings.MaxSubscriptions)
        {
            await Refuse(connection, ErrorCodes.TooManySubscriptions, $"a connection follows at most {settings.MaxSubscriptions} users' presence; it follows {held}, and this frame adds {added.Count}", message);
            return;
        }

        foreach (var target in added)
        {
            Take(connection, target);
        }

        var live = (await broadcasts.ListLiveAsync(connection.Site.Id, users, CancellationToken.None)).Select(s => s.UserId).ToHashSet();
        foreach (var user in users.Distinct())
        {
            connection.Send(ServerMessage.Create("presence", ("user", user), ("live", live.Contains(user))));
        }
    }

    private async Task WatchAsync(Connection connection, ClientMessage message)
    {
        if (connection.Role != PeerRole.Viewer || message.Text("broadcaster") is not { } broadcaster)
        {
            await Refuse(connection, connection.Role != PeerRole.Viewer ? ErrorCodes.NotAllowed : ErrorCodes.BadMessage, connection.Role != PeerRole.Viewer ? "only a viewer connection watches" : "watch needs broadcaster: the user id to watch", message);
            return;
        }

        if (broadcaster == connection.UserId)
        {
            await Refuse(connection, ErrorCodes.NotAllowed, "a user cannot watch their own broadcast", message);
            return;
        }

        var session = await broadcasts.FindLiveAsync(connection.Site.Id, broadcaster, CancellationToken.None);
        if (session is null)
        {
            await Refuse(connection, ErrorCodes.BroadcasterOffline, $"{broadcaster} is not broadcasting", message);
            return;
        }

        var open = (await broadcasts.ListOpenRequestsAsync(session.Id, CancellationToken.None)).FirstOrDefault(r => r.ViewerUserId == connection.UserId);
        if (open is null && await broadcasts.LastRefusalAsync(session.Id, connection.UserId!, CancellationToken.None) is { } refusedAt
            && refusedAt + settings.RefusalCooldown > clock.GetUtcNow())
        {
            await Refuse(connection, ErrorCodes.RateLimited, $"{broadcaster} refused this viewer: ask again after {(refusedAt + settings.RefusalCooldown).UtcDateTime:HH:mm:ss} UTC", message);
            return;
        }

        var request = open ?? await broadcasts.CreateRequestAsync(session.Id, connection.UserId!, CancellationToken.None);
        connection.Requests[request.Id] = session.Id;
        Take(connection, Target.Request(request.Id));
        if (request.Decision == ViewerRequest.Accepted)
        {
            // Accepted before (this viewer refreshed the page): connected again without asking the broadcaster.
            connection.Send(ServerMessage.Create("accepted", [("request", request.Id), ("broadcaster", broadcaster), .. ViewerTopology(session, request.Id)]));
            await bus.PublishAsync(Target.Session(session.Id), ServerMessage.Create("viewer-ready", [("request", request.Id), ("viewer", connection.UserId), .. Topology(session)]), CancellationToken.None);
            return;
        }

        connection.Send(ServerMessage.Create("watch-pending", ("request", request.Id), ("broadcaster", broadcaster)));
        await bus.PublishAsync(Target.Session(session.Id), ServerMessage.Create("watch-request", ("request", request.Id), ("viewer", connection.UserId)), CancellationToken.None);
    }

    private async Task DecideAsync(Connection connection, ClientMessage message, string decision)
    {
        if (connection.Role != PeerRole.Broadcaster || connection.SessionId is not { } session || message.Text("request") is not { } requestId)
        {
            await Refuse(connection, connection.Role != PeerRole.Broadcaster ? ErrorCodes.NotAllowed : ErrorCodes.BadMessage, connection.Role != PeerRole.Broadcaster ? "only the broadcaster decides on requests" : $"{message.Type} needs request: the id of the watch request", message);
            return;
        }

        var request = await broadcasts.DecideAsync(session, requestId, decision, CancellationToken.None);
        if (request is null)
        {
            await Refuse(connection, ErrorCodes.UnknownRequest, $"there is no undecided request {requestId} on this broadcast", message);
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
        await bus.PublishAsync(Target.Request(requestId), ServerMessage.Create("accepted", [("request", requestId), ("broadcaster", connection.UserId), .. ViewerTopology(current, requestId)]), CancellationToken.None);
        connection.Send(ServerMessage.Create("viewer-ready", [("request", requestId), ("viewer", request.ViewerUserId), .. Topology(current)]));
        await MoveToSfuWhenDueAsync(connection, current);
    }

    /// <summary>
    /// A broadcast with as many accepted viewers as its site's sfu.viewers takes one of the site's SFU streams that no
    /// other broadcast holds, and its page is told to publish there (an sfu frame with a grant). With none free, or
    /// without the key the service shares with the operator, it stays peer-to-peer.
    /// </summary>
    private async Task MoveToSfuWhenDueAsync(Connection connection, BroadcastSession? session)
    {
        // A broadcast that holds a stream already (or has ended) has nothing to claim.
        if (session is not { SfuStream: null, EndedAt: null } || connection.Site.Sfu is not { Streams: { Count: > 0 } streams } sfu || !grants.Enabled)
        {
            return;
        }

        var accepted = (await broadcasts.ListOpenRequestsAsync(session.Id, CancellationToken.None)).Count(r => r.Decision == ViewerRequest.Accepted);
        if (accepted >= sfu.Threshold && await broadcasts.ClaimSfuStreamAsync(session.Id, streams, CancellationToken.None) is { } stream)
        {
            connection.Send(SfuFrame(session.Id, stream));
        }
    }

    /// <summary>
    /// How an accepted viewer and the broadcaster connect: peer-to-peer, or once the broadcast publishes to its SFU
    /// stream, the viewer watching there (whep: the stream's WHEP path on this service).
    /// </summary>
    private static (string, JsonNode?)[] Topology(BroadcastSession? session) =>
        session is { SfuStream: { } stream, SfuLive: true } ? [("topology", ThroughSfu), ("whep", $"/whep/v1/{stream}")] : [("topology", PeerToPeer)];

    /// <summary>What an accepted viewer is told: <see cref="Topology"/>, and through an SFU the grant its WHEP request takes (<see cref="ViewerGrants"/>).</summary>
    private (string, JsonNode?)[] ViewerTopology(BroadcastSession? session, string requestId) =>
        session is { SfuStream: { } stream, SfuLive: true } && viewerGrants.Enabled
            ? [.. Topology(session), ("grant", viewerGrants.Issue(stream, session.Id, requestId))]
            : Topology(session);

    /// <summary>
    /// The broadcaster's page publishes to the broadcast's SFU stream: every accepted viewer is told to watch there
    /// (a topology frame), and so is each one accepted from now on.
    /// </summary>
    private async Task SfuLiveAsync(Connection connection, ClientMessage message)
    {
        if (connection.Role != PeerRole.Broadcaster || connection.SessionId is not { } session || !await broadcasts.MarkSfuLiveAsync(session, CancellationToken.None))
        {
            await Refuse(connection, ErrorCodes.NotAllowed, "only a broadcast that was given an SFU stream (an sfu frame) publishes there", message);
            return;
        }

        var current = await broadcasts.GetAsync(session, CancellationToken.None);
        foreach (var request in (await broadcasts.ListOpenRequestsAsync(session, CancellationToken.None)).Where(r => r.Decision == ViewerRequest.Accepted))
        {
            await bus.PublishAsync(Target.Request(request.Id), ServerMessage.Create("topology", [("request", request.Id), .. ViewerTopology(current, request.Id)]), CancellationToken.None);
        }
    }

    /// <summary>A viewer watches through the SFU: the broadcaster's page closes its peer-to-peer connection to it.</summary>
    private async Task SfuWatchingAsync(Connection connection, ClientMessage message)
    {
        if (connection.Role != PeerRole.Viewer || message.Text("request") is not { } requestId || !connection.Requests.TryGetValue(requestId, out var session))
        {
            await Refuse(connection, ErrorCodes.UnknownRequest, "sfu-watching needs request: an accepted request of this viewer", message);
            return;
        }

        await bus.PublishAsync(Target.Session(session), ServerMessage.Create("viewer-switched", ("request", requestId)), CancellationToken.None);
    }

    /// <summary>Where the broadcast publishes now: the stream's WHIP URL on this service, and a grant as its bearer token.</summary>
    private ServerMessage SfuFrame(string session, string stream)
    {
        var slash = stream.IndexOf('/', StringComparison.Ordinal);
        return ServerMessage.Create("sfu", ("stream", stream), ("whip", $"/whip/v1/{stream}"), ("token", grants.Issue(stream[..slash], stream[(slash + 1)..], session, BroadcastGrants.Lifetime)));
    }

    /// <summary>Offers go from the broadcaster to the viewer, answers back, ICE candidates both ways; only within an accepted request of the sender's.</summary>
    private async Task RelayAsync(Connection connection, ClientMessage message)
    {
        var receivedAt = clock.GetUtcNow();
        var requestId = message.Text("request");
        if (requestId is null || !connection.Requests.TryGetValue(requestId, out var party))
        {
            await Refuse(connection, ErrorCodes.UnknownRequest, $"{message.Type} needs request: an accepted request of this connection", message);
            return;
        }

        var fromBroadcaster = connection.Role == PeerRole.Broadcaster;
        if ((message.Type == "offer" && !fromBroadcaster) || (message.Type == "answer" && fromBroadcaster))
        {
            await Refuse(connection, ErrorCodes.NotAllowed, message.Type == "offer" ? "the broadcaster makes the offer" : "the viewer answers the offer", message);
            return;
        }

        // A viewer reaches the broadcaster's page only once accepted, and not after its request ended.
        if (!fromBroadcaster && await broadcasts.GetRequestAsync(requestId, CancellationToken.None) is not { Decision: ViewerRequest.Accepted, EndedAt: null })
        {
            await Refuse(connection, ErrorCodes.NotAllowed, $"{message.Type} goes to the broadcaster only once it accepted the request", message);
            return;
        }

        var relayed = message.Type == "ice"
            ? ServerMessage.Create("ice", ("request", requestId), ("candidate", ServerMessage.Node(message.Raw("candidate"))))
            : message.Text("sdp") is { } sdp
                ? ServerMessage.Create(message.Type, ("request", requestId), ("sdp", sdp))
                : null;
        if (relayed is null)
        {
            await Refuse(connection, ErrorCodes.BadMessage, $"{message.Type} needs sdp: the session description", message);
            return;
        }

        await bus.PublishAsync(fromBroadcaster ? Target.Request(requestId) : Target.Session(party), relayed.Relaying(receivedAt), CancellationToken.None);
    }

    private async Task HeartbeatAsync(Connection connection)
    {
        if (connection.SessionId is { } session)
        {
            await broadcasts.HeartbeatAsync(session, settings.LongestHeartbeatGap, CancellationToken.None);
        }

        connection.Send(ServerMessage.Create("heartbeat", ("serverTime", clock.GetUtcNow().ToUnixTimeMilliseconds())));
    }

    private async Task ByeAsync(Connection connection, ClientMessage message)
    {
        var requestId = message.Text("request");
        if (connection.Role == PeerRole.Viewer)
        {
            foreach (var (request, session) in connection.Requests.Where(r => requestId is null || r.Key == requestId).ToList())
            {
                await LeaveAsync(connection, request, Target.Request(request), Target.Session(session), ServerMessage.Create("viewer-left", ("request", request)));
            }

            return;
        }

        if (requestId is not null)
        {
            if (!connection.Requests.ContainsKey(requestId))
            {
                await Refuse(connection, ErrorCodes.UnknownRequest, $"there is no accepted request {requestId} on this broadcast", message);
                return;
            }

            await LeaveAsync(connection, requestId, null, Target.Request(requestId), ServerMessage.Create("bye", ("request", requestId), ("reason", "closed-by-broadcaster")));
            return;
        }

        if (connection.SessionId is { } ended)
        {
            await EndAsync(connection.Site.Id, connection.UserId!, ended, EndReasons.Ended);
            registry.Release(Target.Session(ended), connection);
            connection.SessionId = null;
            connection.Requests.Clear();
        }

        connection.Close(WebSocketCloseStatus.NormalClosure, "bye");
    }

    /// <summary>Ends a session and tells its viewers and its presence watchers; done by whichever replica ends it first.</summary>
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

    private Task PublishPresenceAsync(string siteId, string userId, bool live) =>
        bus.PublishAsync(Target.Presence(siteId, userId), ServerMessage.Create("presence", ("user", userId), ("live", live)), CancellationToken.None);

    private void Take(Connection connection, Target target)
    {
        registry.Own(target, connection);
        connection.Targets[target] = 0;
    }

    private static Task Refuse(Connection connection, string code, string text, ClientMessage message)
    {
        connection.Send(ServerMessage.Error(code, text, message.Id));
        return Task.CompletedTask;
    }
}
