using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Janus;

/// <summary>
/// The engine sessions the pod's API opens for publishers and viewers, each with one VideoRoom handle, known to
/// clients by an id of the pod's own (the engine's ids are not given out). Each session's events are read by a long
/// poll of its own, which also keeps it alive; it ends when its client ends it, when its peer connection ends (the
/// engine hangs it up), or when it is not confirmed in time.
/// </summary>
public sealed partial class EngineSessions(JanusApi janus, TimeProvider time, ILogger<EngineSessions> logger) : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// A new session with its handle; given <paramref name="confirmWithin"/>, it ends unless its client's peer
    /// connection is up by then (a viewer that never connects).
    /// </summary>
    public async Task<string> OpenAsync(string purpose, TimeSpan? confirmWithin, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var engineSession = await janus.CreateSessionAsync(cancellationToken);
        var session = new Session(engineSession, purpose, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _sessions[id] = session;
        _ = PollAsync(id, session);
        if (confirmWithin is { } within)
        {
            _ = ExpireAsync(id, session, within);
        }

        try
        {
            session.Handle = await janus.AttachAsync(engineSession, cancellationToken);
        }
        catch
        {
            await EndAsync(id);
            throw;
        }

        LogOpened(logger, id, purpose);
        return id;
    }

    public bool Exists(string id) => _sessions.ContainsKey(id);

    /// <summary>The session's ICE, as PATCH finds it; null when the session is not there (or has none yet).</summary>
    public IceSession? Ice(string id) => _sessions.TryGetValue(id, out var session) ? session.Ice : null;

    /// <summary>The session's ICE, after its client's offer was answered or its ICE restarted.</summary>
    public void SetIce(string id, IceSession ice)
    {
        if (_sessions.TryGetValue(id, out var session))
        {
            session.Ice = ice;
        }
    }

    /// <summary>Candidates the session's client trickled, to its peer connection in the engine. False when the session is not there.</summary>
    public async Task<bool> TrickleAsync(string id, JsonArray candidates, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return false;
        }

        await janus.TrickleAsync(session.EngineSession, session.Handle, candidates, cancellationToken);
        return true;
    }

    /// <summary>The sessions open for <paramref name="purpose"/> (viewers, say).</summary>
    public int Count(string purpose) => _sessions.Values.Count(s => s.Purpose == purpose);

    /// <summary>Every client's session open now (each with its one handle: a peer connection).</summary>
    public int Count() => _sessions.Count;

    /// <summary>
    /// A plugin request the plugin answers in an event (join, publish, start): that event, with its plugin data and
    /// any session description. Null when the session is not (or no longer) there.
    /// </summary>
    public async Task<JsonObject?> RequestAsync(string id, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var transaction = await janus.SendAsync(session.EngineSession, session.Handle, body, jsep, cancellationToken);
        return await session.Answer(transaction).WaitAsync(AnswerTimeout, time, cancellationToken);
    }

    /// <summary>Ends the session: the engine's session is destroyed, which hangs up its peer connection. False when there is none.</summary>
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

    private async Task ExpireAsync(string id, Session session, TimeSpan confirmWithin)
    {
        await Task.Delay(confirmWithin, time, session.Stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!session.Stop.IsCancellationRequested && !session.Confirmed)
        {
            LogUnconfirmed(logger, id, confirmWithin.TotalSeconds);
            await EndAsync(id);
        }
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

                    // The client's peer connection is up: it has come, and no longer ends for want of confirmation.
                    if ((string?)e["janus"] == "webrtcup")
                    {
                        session.Confirmed = true;
                    }

                    // The client's connection ended (ICE failed, DTLS alert, the client closed it): so does the session.
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session} opened for a {Purpose}")]
    private static partial void LogOpened(ILogger logger, string session, string purpose);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Session}: the engine's session was already gone: {Reason}")]
    private static partial void LogAlreadyGone(ILogger logger, string session, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session} ended")]
    private static partial void LogEnded(ILogger logger, string session);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session}: its client's connection ended ({Reason})")]
    private static partial void LogHungUp(ILogger logger, string session, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Session}: the engine's session is lost ({Reason}); ending it")]
    private static partial void LogLost(ILogger logger, string session, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session}: its client did not answer within {Seconds} s; ending it")]
    private static partial void LogUnconfirmed(ILogger logger, string session, double seconds);

    private sealed class Session(long engineSession, string purpose, CancellationTokenSource stop)
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _answers = new(StringComparer.Ordinal);

        public long EngineSession { get; } = engineSession;

        public string Purpose { get; } = purpose;

        public long Handle { get; set; }

        public IceSession? Ice { get; set; }

        public CancellationTokenSource Stop { get; } = stop;

        private volatile bool _confirmed;

        public bool Confirmed
        {
            get => _confirmed;
            set => _confirmed = value;
        }

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
