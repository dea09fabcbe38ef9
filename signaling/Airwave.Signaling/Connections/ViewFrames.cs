using System.Text.Json;
using Airwave.Events;
using Airwave.Events.Payloads;
using Airwave.Events.Views;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Events;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Storage;
using Airwave.Signaling.Viewing;

namespace Airwave.Signaling.Connections;

/// <summary>
/// A viewer's page reports what it watches in <c>view</c> frames (PROTOCOL.md), with the events Airwave's player
/// sends as beacons. A view opens with the first frame for an accepted request, publishing <c>stream.viewed</c>, and
/// ends once, publishing its <c>stream.analytics</c>: when the page says <c>end</c> or leaves the request
/// (<see cref="EndedByPage"/>), or when its connection closes (<see cref="Disconnected"/>).
/// </summary>
public sealed class ViewFrames(BroadcastStore broadcasts, BroadcastEvents events, SignalingDatabase database, ViewReportSettings settings, TimeProvider clock)
{
    public const string EndedByPage = "ended";
    public const string Disconnected = "disconnected";

    public async Task ViewAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (connection.Role != PeerRole.Viewer || message.Text("request") is not { } requestId)
        {
            connection.Refuse(connection.Role != PeerRole.Viewer ? ErrorCodes.NotAllowed : ErrorCodes.BadMessage, connection.Role != PeerRole.Viewer ? "only a viewer reports views" : "view needs request: the id of the watch request", message);
            return;
        }

        List<BeaconEvent>? reported;
        try
        {
            reported = message.Raw("events") is { } raw ? raw.Deserialize(FrameJson.Default.ListBeaconEvent) : null;
        }
        catch (JsonException e)
        {
            connection.Refuse(ErrorCodes.BadMessage, $"view needs events: an array of view events ({e.Message})", message);
            return;
        }

        if (BeaconEvents.Problem(reported ?? [], settings.MaxEventsPerFrame) is { } problem)
        {
            connection.Refuse(ErrorCodes.BadMessage, problem, message);
            return;
        }

        if (!connection.Requests.ContainsKey(requestId))
        {
            connection.Refuse(ErrorCodes.UnknownRequest, $"{requestId} is not a request of this connection", message);
            return;
        }

        var now = clock.GetUtcNow();
        var view = connection.Views.GetValueOrDefault(requestId) ?? await OpenAsync(connection, requestId, now);
        if (view is null)
        {
            connection.Refuse(ErrorCodes.NotAllowed, $"the broadcaster has not accepted request {requestId}, or it ended: there is nothing to view", message);
            return;
        }

        if (view.Account.Apply(reported!, now))
        {
            await EndAsync(connection, view, EndedByPage);
        }
    }

    /// <summary>Ends the connection's views of one request, or of all its requests.</summary>
    public async Task EndAsync(Connection connection, string? requestId, string reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var view in connection.Views.Values.Where(v => requestId is null || v.Request.Id == requestId).ToList())
        {
            await EndAsync(connection, view, reason);
        }
    }

    private async Task<BroadcastView?> OpenAsync(Connection connection, string requestId, DateTimeOffset now)
    {
        var request = await broadcasts.GetRequestAsync(requestId, CancellationToken.None);
        if (request is not { Decision: ViewerRequest.Accepted, IsOpen: true } || request.ViewerUserId != connection.UserId
            || await broadcasts.GetAsync(request.SessionId, CancellationToken.None) is not { EndedAt: null } broadcast)
        {
            return null;
        }

        var view = new BroadcastView(Guid.CreateVersion7().ToString("N"), request, broadcast, connection.UserAgent, ViewerAddress.Of(connection.Address, settings.TruncateAddresses), now);
        connection.Views[requestId] = view;
        await PublishAsync(EventTypes.StreamViewed, view, BroadcastViewEvents.Viewed(view, now));
        return view;
    }

    /// <summary>Ends the view once: what the page did not report counts up to now.</summary>
    private async Task EndAsync(Connection connection, BroadcastView view, string reason)
    {
        if (!connection.Views.TryRemove(new KeyValuePair<string, BroadcastView>(view.Request.Id, view)))
        {
            return;
        }

        var now = clock.GetUtcNow();
        view.Account.EndAt(now);
        await PublishAsync(EventTypes.StreamAnalytics, view, BroadcastViewEvents.Performance(view, reason, now));
    }

    private async Task PublishAsync<T>(string type, BroadcastView view, T data)
        where T : IEventPayload<T>
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var written = events.In(transaction);
        await written.ViewAsync(type, view.Broadcast.SiteId, view.Broadcast.UserId, view.Broadcast.Id, view.Id, data, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        written.Committed();
    }
}
