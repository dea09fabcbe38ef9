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
    /// <summary>The longest <c>negotiation</c> id an offer or answer may carry.</summary>
    public const int MaxNegotiationLength = 64;

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
        if (!fromBroadcaster && !await IsAcceptedAsync(connection.Accepted, requestId, receivedAt))
        {
            connection.Refuse(ErrorCodes.NotAllowed, $"{message.Type} goes to the broadcaster only once it accepted the request", message);
            return;
        }

        // The broadcaster may be asked for an offer twice when both pages come back at once; the id it gives each offer
        // comes back with the answer, so its page applies only the answer to its latest offer.
        var negotiation = message.Text("negotiation");
        if (message.Type != "ice" && message.Raw("negotiation") is not null && negotiation is not { Length: > 0 and <= MaxNegotiationLength })
        {
            connection.Refuse(ErrorCodes.BadMessage, $"negotiation, when given, is a string of 1 to {MaxNegotiationLength} characters", message);
            return;
        }

        var relayed = message.Type == "ice"
            ? ServerMessage.Create("ice", ("request", requestId), ("candidate", ServerMessage.Node(message.Raw("candidate"))))
            : message.Text("sdp") is { } sdp
                ? ServerMessage.Create(message.Type, ("request", requestId), ("sdp", sdp), ("negotiation", negotiation))
                : null;
        if (relayed is null)
        {
            connection.Refuse(ErrorCodes.BadMessage, $"{message.Type} needs sdp: the session description", message);
            return;
        }

        await bus.PublishAsync(fromBroadcaster ? Target.Request(requestId) : Target.Session(party), relayed.Relaying(receivedAt), CancellationToken.None);
    }

    private async Task<bool> IsAcceptedAsync(AcceptedRequests accepted, string requestId, DateTimeOffset now)
    {
        if (accepted.Holds(requestId, now))
        {
            return true;
        }

        var version = accepted.Version;
        if (await broadcasts.GetRequestAsync(requestId, CancellationToken.None) is not { Decision: ViewerRequest.Accepted, EndedAt: null })
        {
            return false;
        }

        accepted.Confirm(requestId, version, now);
        return true;
    }
}
