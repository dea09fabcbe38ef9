using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;

namespace Airwave.Signaling.Connections;

/// <summary>
/// Offers go from the broadcaster to the viewer, answers back, ICE candidates both ways; only within an accepted
/// request of the sender's.
/// </summary>
public sealed class RelayFrames(BroadcastStore broadcasts, IPeerBus bus, TimeProvider clock)
{
    public async Task RelayAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        var receivedAt = clock.GetUtcNow();
        var requestId = message.Text("request");
        if (requestId is null || !connection.Requests.TryGetValue(requestId, out var party))
        {
            connection.Refuse(ErrorCodes.UnknownRequest, $"{message.Type} needs request: an accepted request of this connection", message);
            return;
        }

        var fromBroadcaster = connection.Role == PeerRole.Broadcaster;
        if ((message.Type == "offer" && !fromBroadcaster) || (message.Type == "answer" && fromBroadcaster))
        {
            connection.Refuse(ErrorCodes.NotAllowed, message.Type == "offer" ? "the broadcaster makes the offer" : "the viewer answers the offer", message);
            return;
        }

        // A viewer reaches the broadcaster's page only once accepted, and not after its request ended.
        if (!fromBroadcaster && await broadcasts.GetRequestAsync(requestId, CancellationToken.None) is not { Decision: ViewerRequest.Accepted, EndedAt: null })
        {
            connection.Refuse(ErrorCodes.NotAllowed, $"{message.Type} goes to the broadcaster only once it accepted the request", message);
            return;
        }

        var relayed = message.Type == "ice"
            ? ServerMessage.Create("ice", ("request", requestId), ("candidate", ServerMessage.Node(message.Raw("candidate"))))
            : message.Text("sdp") is { } sdp
                ? ServerMessage.Create(message.Type, ("request", requestId), ("sdp", sdp))
                : null;
        if (relayed is null)
        {
            connection.Refuse(ErrorCodes.BadMessage, $"{message.Type} needs sdp: the session description", message);
            return;
        }

        await bus.PublishAsync(fromBroadcaster ? Target.Request(requestId) : Target.Session(party), relayed.Relaying(receivedAt), CancellationToken.None);
    }
}
