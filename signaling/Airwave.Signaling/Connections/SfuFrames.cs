using System.Text.Json.Nodes;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;
using Airwave.Signaling.SfuRouting;

namespace Airwave.Signaling.Connections;

/// <summary>
/// A broadcast moving to one of its site's SFU streams: when it is due, where the broadcaster publishes (the sfu
/// frame), the sfu-live and sfu-watching frames, and how each accepted viewer connects (the topology).
/// </summary>
public sealed class SfuFrames(BroadcastStore broadcasts, IPeerBus bus, BroadcastGrants grants, ViewerGrants viewerGrants)
{
    /// <summary>How the two pages connect. Peer-to-peer for one viewer; the service decides, so a media server can take over later.</summary>
    public const string PeerToPeer = "p2p";

    /// <summary>The viewer watches the broadcast through an SFU stream's pods.</summary>
    public const string ThroughSfu = "sfu";

    /// <summary>
    /// A broadcast with as many accepted viewers as its site's sfu.viewers takes one of the site's SFU streams that no
    /// other broadcast holds, and its page is told to publish there (an sfu frame with a grant). With none free, or
    /// without the key the service shares with the operator, it stays peer-to-peer.
    /// </summary>
    public async Task MoveWhenDueAsync(Connection connection, BroadcastSession? session)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // A broadcast that holds a stream already (or has ended) has nothing to claim.
        if (session is not { SfuStream: null, EndedAt: null } || connection.Site.Sfu is not { Streams: { Count: > 0 } streams } sfu || !grants.Enabled)
        {
            return;
        }

        var accepted = (await broadcasts.ListOpenRequestsAsync(session.Id, CancellationToken.None)).Count(r => r.Decision == ViewerRequest.Accepted);
        if (accepted >= sfu.Threshold && await broadcasts.ClaimSfuStreamAsync(session.Id, streams, CancellationToken.None) is { } stream)
        {
            connection.Send(PublishFrame(session.Id, stream));
        }
    }

    /// <summary>
    /// How an accepted viewer and the broadcaster connect: peer-to-peer, or once the broadcast publishes to its SFU
    /// stream, the viewer watching there (whep: the stream's WHEP path on this service).
    /// </summary>
    public static (string, JsonNode?)[] Topology(BroadcastSession? session) =>
        session is { SfuStream: { } stream, SfuLive: true } ? [("topology", ThroughSfu), ("whep", $"/whep/v1/{stream}")] : [("topology", PeerToPeer)];

    /// <summary>What an accepted viewer is told: <see cref="Topology"/>, and through an SFU the grant its WHEP request takes (<see cref="ViewerGrants"/>).</summary>
    public (string, JsonNode?)[] ViewerTopology(BroadcastSession? session, string requestId) =>
        session is { SfuStream: { } stream, SfuLive: true } && viewerGrants.Enabled
            ? [.. Topology(session), ("grant", viewerGrants.Issue(stream, session.Id, requestId))]
            : Topology(session);

    /// <summary>
    /// The broadcaster's page publishes to the broadcast's SFU stream: every accepted viewer is told to watch there
    /// (a topology frame), and so is each one accepted from now on.
    /// </summary>
    public async Task LiveAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Role != PeerRole.Broadcaster || connection.SessionId is not { } session || !await broadcasts.MarkSfuLiveAsync(session, CancellationToken.None))
        {
            connection.Refuse(ErrorCodes.NotAllowed, "only a broadcast that was given an SFU stream (an sfu frame) publishes there", message);
            return;
        }

        var current = await broadcasts.GetAsync(session, CancellationToken.None);
        foreach (var request in (await broadcasts.ListOpenRequestsAsync(session, CancellationToken.None)).Where(r => r.Decision == ViewerRequest.Accepted))
        {
            await bus.PublishAsync(Target.Request(request.Id), ServerMessage.Create("topology", [("request", request.Id), .. ViewerTopology(current, request.Id)]), CancellationToken.None);
        }
    }

    /// <summary>A viewer watches through the SFU: the broadcaster's page closes its peer-to-peer connection to it.</summary>
    public async Task WatchingAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (connection.Role != PeerRole.Viewer || message.Text("request") is not { } requestId || !connection.Requests.TryGetValue(requestId, out var session))
        {
            connection.Refuse(ErrorCodes.UnknownRequest, "sfu-watching needs request: an accepted request of this viewer", message);
            return;
        }

        await bus.PublishAsync(Target.Session(session), ServerMessage.Create("viewer-switched", ("request", requestId)), CancellationToken.None);
    }

    /// <summary>Where the broadcast publishes now: the stream's WHIP URL on this service, and a grant as its bearer token.</summary>
    public ServerMessage PublishFrame(string session, string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var slash = stream.IndexOf('/', StringComparison.Ordinal);
        return ServerMessage.Create("sfu", ("stream", stream), ("whip", $"/whip/v1/{stream}"), ("token", grants.Issue(stream[..slash], stream[(slash + 1)..], session, BroadcastGrants.Lifetime)));
    }
}
