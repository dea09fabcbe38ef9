using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Sfu.Hosting;
using Airwave.Sfu.Janus;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Whip;

/// <summary>
/// The pod's WHIP sessions: a publisher's offer joins the stream's room as its one publisher, and the session lasts
/// until the publisher ends it (DELETE) or its connection does (the engine hangs it up), when the engine's session
/// is destroyed too. Each session's events are read by a long poll of its own, which also keeps it alive.
/// </summary>
public sealed partial class WhipSessions(JanusApi janus, TimeProvider time, ILogger<WhipSessions> logger) : IAsyncDisposable
{
    /// <summary>The room's publisher id: there is one, so a second publisher is refused by the engine itself.</summary>
    private const long PublisherId = 1;

    // The engine's "User ID already exists" in the room.
    private const int IdTaken = 436;

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public int Count => _sessions.Count;

    /// <summary>Joins the room with the publisher's SDP offer and returns the engine's answer, or says why not.</summary>
    public async Task<WhipResult> PublishAsync(string offer, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var engineSession = await janus.CreateSessionAsync(cancellationToken);
        var session = new Session(engineSession, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _sessions[id] = session;
        _ = PollAsync(id, session);
        try
        {
            var handle = await janus.AttachAsync(engineSession, cancellationToken);
            var transaction = await janus.SendAsync(
                engineSession,
                handle,
                new JsonObject { ["request"] = "joinandconfigure", ["room"] = SfuSettings.Room, ["ptype"] = "publisher", ["id"] = PublisherId, ["audio"] = true, ["video"] = true },
                new JsonObject { ["type"] = "offer", ["sdp"] = offer },
                cancellationToken);
            var answered = session.Answer(transaction);
            var answer = await answered.WaitAsync(AnswerTimeout, time, cancellationToken);
            var data = answer["plugindata"]?["data"];
            if ((int?)data?["error_code"] is { } code)
            {
                await EndAsync(id);
                return code == IdTaken
                    ? WhipResult.Refused(409, "The stream has a publisher", "Another publisher is sending to this stream; end its WHIP session first.")
                    : WhipResult.Refused(400, "The offer was refused", (string?)data["error"] ?? "the media engine refused the offer");
            }

            if ((string?)answer["jsep"]?["sdp"] is not { } sdp)
            {
                await EndAsync(id);
                return WhipResult.Refused(400, "The offer was refused", $"the media engine sent no answer: {answer.ToJsonString()}");
            }

            LogPublishing(logger, id, SfuSettings.Room);
            return WhipResult.Published(id, sdp);
        }
        catch
        {
            await EndAsync(id);
            throw;
        }
    }

    /// <summary>Ends the session: the engine's session is destroyed, which hangs up the publisher. False when there is none.</summary>
    public async Task<bool> EndAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        await session.Stop.CancelAsync();
        try
        {
            await janus.DestroyAsync(session.EngineSession, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException)
        {
            // Already gone (timed out, or hung up): nothing is left to end.
            LogAlreadyGone(logger, id, e.Message);
        }

        session.Stop.Dispose();
        LogEnded(logger, id);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var id in _sessions.Keys.ToList())
        {
            await EndAsync(id);
        }

        _stopping.Dispose();
    }

    private async Task PollAsync(string id, Session session)
    {
        await Task.Yield();
        try
        {
            while (!session.Stop.IsCancellationRequested)
            {
                foreach (var e in await janus.PollAsync(session.EngineSession, session.Stop.Token))
                {
                    if ((string?)e["transaction"] is { } transaction)
                    {
                        session.Answered(transaction, e);
                    }

                    // The publisher's connection ended (ICE failed, DTLS alert, the client closed it): so does the session.
                    if ((string?)e["janus"] is "hangup" or "detached")
                    {
                        LogHungUp(logger, id, (string?)e["reason"] ?? (string?)e["janus"] ?? "");
                        _ = EndAsync(id);
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (session.Stop.IsCancellationRequested)
        {
            // Ended.
        }
        catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException or OperationCanceledException)
        {
            LogLost(logger, id, e.Message);
            _ = EndAsync(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WHIP session {Session} publishes into room {Room}")]
    private static partial void LogPublishing(ILogger logger, string session, long room);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WHIP session {Session}: the engine's session was already gone: {Reason}")]
    private static partial void LogAlreadyGone(ILogger logger, string session, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WHIP session {Session} ended")]
    private static partial void LogEnded(ILogger logger, string session);

    [LoggerMessage(Level = LogLevel.Information, Message = "WHIP session {Session}: the publisher's connection ended ({Reason})")]
    private static partial void LogHungUp(ILogger logger, string session, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WHIP session {Session}: the engine's session is lost ({Reason}); ending it")]
    private static partial void LogLost(ILogger logger, string session, string reason);

    private sealed class Session(long engineSession, CancellationTokenSource stop)
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _answers = new(StringComparer.Ordinal);

        public long EngineSession { get; } = engineSession;

        public CancellationTokenSource Stop { get; } = stop;

        public Task<JsonObject> Answer(string transaction) => Waiter(transaction).Task;

        public void Answered(string transaction, JsonObject e)
        {
            // Only the event that carries the result: an engine's "ack" has no plugin data.
            if (e["plugindata"] is not null || e["jsep"] is not null)
            {
                Waiter(transaction).TrySetResult(e);
            }
        }

        private TaskCompletionSource<JsonObject> Waiter(string transaction) =>
            _answers.GetOrAdd(transaction, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
