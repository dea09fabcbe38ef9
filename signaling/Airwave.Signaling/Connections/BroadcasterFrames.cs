using System.Buffers.Text;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;

namespace Airwave.Signaling.Connections;

/// <summary>
/// The broadcaster's page: its session started or resumed when it says hello (what it missed told again after a
/// refresh), and its bye, which closes one request or ends the broadcast.
/// </summary>
public sealed class BroadcasterFrames(
    BroadcastStore broadcasts,
    BroadcastLifecycle lifecycle,
    IPeerBus bus,
    ConnectionRegistry registry,
    SfuFrames sfu,
    WatchFrames watch)
{
    /// <summary>
    /// The broadcaster's hello, once its token was accepted: resumes the session its resume token names, or starts one;
    /// then sends <paramref name="welcome"/> with the session.
    /// </summary>
    public async Task IntroduceAsync(Connection connection, ClientMessage message, List<(string, JsonNode?)> welcome)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(welcome);
        var resumeToken = message.Text("resume");
        var session = resumeToken is null ? null : await broadcasts.ResumeAsync(connection.Site.Id, connection.UserId!, resumeToken, CancellationToken.None);
        if (session is null)
        {
            resumeToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            session = await lifecycle.StartAsync(connection.Site.Id, connection.UserId!, resumeToken);
        }
        else
        {
            // The page came back: the old connection (if its close has not been seen yet) gives way.
            await bus.PublishAsync(Target.Session(session.Id), ServerMessage.Create("ended", ("session", session.Id), ("reason", "resumed-elsewhere")), CancellationToken.None);
        }

        connection.SessionId = session.Id;
        connection.Hold(Target.Session(session.Id), registry);
        var resumed = resumeToken == message.Text("resume");
        welcome.AddRange([("session", session.Id), ("resumeToken", resumeToken), ("resumed", resumed)]);
        connection.Send(ServerMessage.Create("welcome", [.. welcome]));
        if (resumed)
        {
            await ResumeRequestsAsync(connection, session);
        }
    }

    /// <summary>A bye naming an accepted request closes it; one naming none ends the broadcast and the connection.</summary>
    public async Task ByeAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Text("request") is { } requestId)
        {
            if (!connection.Requests.ContainsKey(requestId))
            {
                connection.Refuse(ErrorCodes.UnknownRequest, $"there is no accepted request {requestId} on this broadcast", message);
                return;
            }

            await watch.CloseAsync(connection, requestId);
            return;
        }

        if (connection.SessionId is { } ended)
        {
            await lifecycle.EndAsync(connection.Site.Id, connection.UserId!, ended, EndReasons.Ended);
            registry.Release(Target.Session(ended), connection);
            connection.SessionId = null;
            connection.Requests.Clear();
        }

        connection.Close(WebSocketCloseStatus.NormalClosure, "bye");
    }

    /// <summary>
    /// After a refresh: a broadcast that moved to an SFU is told again where to publish; undecided requests are asked
    /// again; accepted viewers are connected again without asking.
    /// </summary>
    private async Task ResumeRequestsAsync(Connection connection, BroadcastSession session)
    {
        if (session.SfuStream is { } stream)
        {
            connection.Send(sfu.PublishFrame(session.Id, stream));
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
                connection.Send(ServerMessage.Create("viewer-ready", [("request", request.Id), ("viewer", request.ViewerUserId), .. SfuFrames.Topology(session)]));
                await bus.PublishAsync(Target.Request(request.Id), ServerMessage.Create("broadcaster-back", ("request", request.Id)), CancellationToken.None);
            }
        }
    }
}
