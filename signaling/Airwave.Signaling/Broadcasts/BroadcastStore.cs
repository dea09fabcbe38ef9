using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Airwave.Signaling.Events;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Broadcasts;

/// <summary>
/// Broadcast sessions and viewer requests in the database, so that any replica can carry on a session another one
/// started. Times are written from the service's clock, never from the browser's. The events about a change are
/// written in its transaction.
/// </summary>
public sealed class BroadcastStore(SignalingDatabase database, BroadcastEvents events, TimeProvider clock)
{
    private const string SessionColumns = "id, site_id, user_id, started_at, ended_at, end_reason, last_heartbeat_at, disconnected_at, broadcast_ms, sfu_stream, sfu_live_at";
    private const string RequestColumns = "id, session_id, viewer_user_id, requested_at, decision, ended_at";

    /// <summary>The stored form of a resume token: its SHA-256, so the database alone cannot be used to take over a session.</summary>
    public static string HashResumeToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Moves a live, peer-to-peer session to the first of <paramref name="streams"/> that no other live session holds,
    /// and returns it; null when every one is held, or the session has moved or ended already.
    /// </summary>
    public async Task<string?> ClaimSfuStreamAsync(string sessionId, IReadOnlyList<string> streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var stream in streams)
        {
            // The check finds a stream held by a live session; two claims at the same moment (two replicas) can both
            // pass it, and the unique index on live sessions' streams then refuses the later one: it tries the next.
            try
            {
                var claimed = await connection.ExecuteAsync(
                    """
                    UPDATE broadcast_sessions SET sfu_stream = @stream
                    WHERE id = @id AND sfu_stream IS NULL AND ended_at IS NULL
                        AND NOT EXISTS (SELECT 1 FROM broadcast_sessions held WHERE held.sfu_stream = @stream AND held.ended_at IS NULL)
                    """,
                    cancellationToken,
                    ("id", sessionId),
                    ("stream", stream));
                if (claimed == 1)
                {
                    return stream;
                }
            }
            catch (DbException e) when (SignalingDatabase.IsUniqueViolation(e))
            {
            }
        }

        return null;
    }

    /// <summary>Records that the session's page publishes to its SFU stream; false when it has none or has ended.</summary>
    public async Task<bool> MarkSfuLiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE broadcast_sessions SET sfu_live_at = @now WHERE id = @id AND sfu_stream IS NOT NULL AND ended_at IS NULL",
            cancellationToken,
            ("id", sessionId),
            ("now", clock.GetUtcNow().ToUnixTimeMilliseconds())) == 1;
    }

    /// <summary>The live session that holds the SFU stream (namespace/name); null when none does.</summary>
    public async Task<BroadcastSession?> FindHolderAsync(string stream, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {SessionColumns} FROM broadcast_sessions WHERE sfu_stream = @stream AND ended_at IS NULL", ReadSession, cancellationToken, ("stream", stream))).FirstOrDefault();
    }

    /// <summary>Records that a viewer grant was taken; false when it had been taken before.</summary>
    public async Task<bool> TakeViewerGrantAsync(string grantId, string requestId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO sfu_viewer_grants (id, request_id, expires_at) VALUES (@id, @request, @expires)",
                cancellationToken,
                ("id", grantId),
                ("request", requestId),
                ("expires", expiresAt.ToUnixTimeMilliseconds()));
            return true;
        }
        catch (DbException e) when (SignalingDatabase.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>Starts a session for the user, ending the user's live one on the site first (returned as <c>Replaced</c>).</summary>
    public async Task<(BroadcastSession Session, IReadOnlyList<string> Replaced)> StartAsync(string siteId, string userId, string resumeToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = NewId();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = events.In(transaction);
        var replaced = await transaction.QueryAsync("SELECT id FROM broadcast_sessions WHERE site_id = @site AND user_id = @user AND ended_at IS NULL", r => r.GetString(0), cancellationToken, ("site", siteId), ("user", userId));
        foreach (var old in replaced)
        {
            await EndAsync(written, transaction, old, EndReasons.Replaced, now, cancellationToken);
        }

        await transaction.ExecuteAsync("""
            INSERT INTO broadcasters (site_id, user_id, first_seen_at, last_seen_at) VALUES (@site, @user, @now, @now)
            ON CONFLICT (site_id, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
            """, cancellationToken, ("site", siteId), ("user", userId), ("now", now.ToUnixTimeMilliseconds()));
        await transaction.ExecuteAsync("""
            INSERT INTO broadcast_sessions (id, site_id, user_id, started_at, resume_token_hash, last_heartbeat_at)
            VALUES (@id, @site, @user, @now, @hash, @now)
            """, cancellationToken, ("id", id), ("site", siteId), ("user", userId), ("now", now.ToUnixTimeMilliseconds()), ("hash", HashResumeToken(resumeToken)));
        await written.StartedAsync(siteId, userId, id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        written.Committed();
        return (new BroadcastSession(id, siteId, userId, now, null, null, now, null, TimeSpan.Zero), replaced);
    }

    /// <summary>The user's live session that <paramref name="resumeToken"/> belongs to, marked connected again; null when there is none.</summary>
    public async Task<BroadcastSession?> ResumeAsync(string siteId, string userId, string resumeToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var resumed = await connection.ExecuteAsync(
            "UPDATE broadcast_sessions SET disconnected_at = NULL WHERE site_id = @site AND user_id = @user AND resume_token_hash = @hash AND ended_at IS NULL",
            cancellationToken,
            ("site", siteId),
            ("user", userId),
            ("hash", HashResumeToken(resumeToken)));
        if (resumed == 0)
        {
            return null;
        }

        var rows = await connection.QueryAsync($"SELECT {SessionColumns} FROM broadcast_sessions WHERE site_id = @site AND user_id = @user AND resume_token_hash = @hash", ReadSession, cancellationToken, ("site", siteId), ("user", userId), ("hash", HashResumeToken(resumeToken)));
        return rows.FirstOrDefault();
    }

    public async Task<BroadcastSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {SessionColumns} FROM broadcast_sessions WHERE id = @id", ReadSession, cancellationToken, ("id", sessionId))).FirstOrDefault();
    }

    /// <summary>The user's live session on the site, if any.</summary>
    public async Task<BroadcastSession?> FindLiveAsync(string siteId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {SessionColumns} FROM broadcast_sessions WHERE site_id = @site AND user_id = @user AND ended_at IS NULL", ReadSession, cancellationToken, ("site", siteId), ("user", userId))).FirstOrDefault();
    }

    /// <summary>The live sessions of a site, optionally only those of <paramref name="userIds"/>.</summary>
    public async Task<IReadOnlyList<BroadcastSession>> ListLiveAsync(string siteId, IReadOnlyCollection<string>? userIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var live = await connection.QueryAsync($"SELECT {SessionColumns} FROM broadcast_sessions WHERE site_id = @site AND ended_at IS NULL ORDER BY started_at", ReadSession, cancellationToken, ("site", siteId));
        return userIds is null ? live : [.. live.Where(s => userIds.Contains(s.UserId))];
    }

    /// <summary>A site's sessions, newest first: optionally of one user, only live or only ended ones, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<BroadcastSession>> ListAsync(string siteId, string? userId, bool? live, int limit, CancellationToken cancellationToken)
    {
        var where = "site_id = @site"
            + (userId is null ? "" : " AND user_id = @user")
            + (live switch { true => " AND ended_at IS NULL", false => " AND ended_at IS NOT NULL", null => "" });
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            $"SELECT {SessionColumns} FROM broadcast_sessions WHERE {where} ORDER BY started_at DESC, id DESC LIMIT @limit",
            ReadSession,
            cancellationToken,
            ("site", siteId),
            ("user", userId),
            ("limit", limit));
    }

    /// <summary>Every request of a session, open or ended, oldest first.</summary>
    public async Task<IReadOnlyList<ViewerRequest>> ListRequestsAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {RequestColumns} FROM viewer_requests WHERE session_id = @session ORDER BY requested_at", ReadRequest, cancellationToken, ("session", sessionId));
    }

    public async Task MarkDisconnectedAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE broadcast_sessions SET disconnected_at = @now WHERE id = @id AND ended_at IS NULL", cancellationToken, ("id", sessionId), ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>
    /// Counts the time since the session's last heartbeat, up to <paramref name="longestGap"/> (a gap longer than that
    /// is a page that was gone, not one whose timers a browser slowed down), and moves the heartbeat to now.
    /// </summary>
    public async Task HeartbeatAsync(string sessionId, TimeSpan longestGap, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CreditAsync(transaction, sessionId, clock.GetUtcNow(), longestGap, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Ends the session and its viewers' requests; the time since the last heartbeat counts, up to <paramref name="longestGap"/>. False when it had already ended.</summary>
    public async Task<bool> EndAsync(string sessionId, string reason, TimeSpan longestGap, CancellationToken cancellationToken, DateTimeOffset? at = null)
    {
        var now = at ?? clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CreditAsync(transaction, sessionId, now, longestGap, cancellationToken);
        var written = events.In(transaction);
        var ended = await EndAsync(written, transaction, sessionId, reason, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        written.Committed();
        return ended;
    }

    /// <summary>
    /// Live sessions nobody will come back to: disconnected longer than <paramref name="resumeGrace"/>, or without a
    /// heartbeat for longer than <paramref name="longestGap"/> (their replica went away without saying so).
    /// </summary>
    public async Task<IReadOnlyList<BroadcastSession>> ListAbandonedAsync(TimeSpan resumeGrace, TimeSpan longestGap, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            $"SELECT {SessionColumns} FROM broadcast_sessions WHERE ended_at IS NULL AND ((disconnected_at IS NOT NULL AND disconnected_at < @disconnected) OR last_heartbeat_at < @silent)",
            ReadSession,
            cancellationToken,
            ("disconnected", (now - resumeGrace).ToUnixTimeMilliseconds()),
            ("silent", (now - longestGap).ToUnixTimeMilliseconds()));
    }

    public async Task<ViewerRequest> CreateRequestAsync(string sessionId, string viewerUserId, CancellationToken cancellationToken)
    {
        var request = new ViewerRequest(NewId(), sessionId, viewerUserId, clock.GetUtcNow(), null, null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO viewer_requests (id, session_id, viewer_user_id, requested_at) VALUES (@id, @session, @viewer, @at)",
            cancellationToken,
            ("id", request.Id),
            ("session", sessionId),
            ("viewer", viewerUserId),
            ("at", request.RequestedAt.ToUnixTimeMilliseconds()));
        return request;
    }

    public async Task<ViewerRequest?> GetRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {RequestColumns} FROM viewer_requests WHERE id = @id", ReadRequest, cancellationToken, ("id", requestId))).FirstOrDefault();
    }

    /// <summary>The open requests of a session, oldest first.</summary>
    public async Task<IReadOnlyList<ViewerRequest>> ListOpenRequestsAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {RequestColumns} FROM viewer_requests WHERE session_id = @session AND ended_at IS NULL ORDER BY requested_at", ReadRequest, cancellationToken, ("session", sessionId));
    }

    /// <summary>Forgets the taken viewer grants past their expiry: they are refused for that alone.</summary>
    public async Task ForgetExpiredViewerGrantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM sfu_viewer_grants WHERE expires_at < @now", cancellationToken, ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>When the broadcaster of the session last refused a request of the viewer; null when it never did.</summary>
    public async Task<DateTimeOffset?> LastRefusalAsync(string sessionId, string viewerUserId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var refused = await connection.QueryAsync(
            "SELECT MAX(decided_at) FROM viewer_requests WHERE session_id = @session AND viewer_user_id = @viewer AND decision = @refused",
            r => r.IsDBNull(0) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)),
            cancellationToken,
            ("session", sessionId),
            ("viewer", viewerUserId),
            ("refused", ViewerRequest.Refused));
        return refused[0];
    }

    /// <summary>Records the broadcaster's decision on an open, undecided request of the session; null when there is no such request.</summary>
    public async Task<ViewerRequest?> DecideAsync(string sessionId, string requestId, string decision, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        var decided = await connection.ExecuteAsync(
            $"UPDATE viewer_requests SET decision = @decision, decided_at = @now{(decision == ViewerRequest.Refused ? ", ended_at = @now" : "")} WHERE id = @id AND session_id = @session AND decision IS NULL AND ended_at IS NULL",
            cancellationToken,
            ("decision", decision),
            ("now", now),
            ("id", requestId),
            ("session", sessionId));
        return decided == 0 ? null : (await connection.QueryAsync($"SELECT {RequestColumns} FROM viewer_requests WHERE id = @id", ReadRequest, cancellationToken, ("id", requestId)))[0];
    }

    /// <summary>Ends an open request (the viewer left, or the broadcaster closed it); false when it had already ended.</summary>
    public async Task<bool> EndRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE viewer_requests SET ended_at = @now WHERE id = @id AND ended_at IS NULL", cancellationToken, ("id", requestId), ("now", clock.GetUtcNow().ToUnixTimeMilliseconds())) > 0;
    }

    private static async Task CreditAsync(DbTransaction transaction, string sessionId, DateTimeOffset now, TimeSpan longestGap, CancellationToken cancellationToken)
    {
        var rows = await transaction.QueryAsync("SELECT site_id, user_id, last_heartbeat_at FROM broadcast_sessions WHERE id = @id AND ended_at IS NULL", r => (Site: r.GetString(0), User: r.GetString(1), Last: r.GetInt64(2)), cancellationToken, ("id", sessionId));
        if (rows.Count == 0)
        {
            return;
        }

        var (site, user, last) = rows[0];
        var from = DateTimeOffset.FromUnixTimeMilliseconds(last);
        if (now <= from)
        {
            return;
        }

        // Only the heartbeat that moves last_heartbeat_at counts the gap: a second replica seeing the same one does not count it
        // twice. A heartbeat also proves the page is connected, whatever an old connection's late close wrote.
        var moved = await transaction.ExecuteAsync("UPDATE broadcast_sessions SET last_heartbeat_at = @now, disconnected_at = NULL WHERE id = @id AND last_heartbeat_at = @last", cancellationToken, ("now", now.ToUnixTimeMilliseconds()), ("id", sessionId), ("last", last));
        if (moved > 0)
        {
            var to = now - from > longestGap ? from + longestGap : now;
            await transaction.ExecuteAsync("UPDATE broadcast_sessions SET broadcast_ms = broadcast_ms + @ms WHERE id = @id", cancellationToken, ("ms", (long)(to - from).TotalMilliseconds), ("id", sessionId));
            await TimeLedger.CreditAsync(transaction, site, user, sessionId, from, to, cancellationToken);
        }
    }

    private static async Task<bool> EndAsync(BroadcastEvents.Batch written, DbTransaction transaction, string sessionId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ended = await transaction.ExecuteAsync("UPDATE broadcast_sessions SET ended_at = @now, end_reason = @reason WHERE id = @id AND ended_at IS NULL", cancellationToken, ("now", now.ToUnixTimeMilliseconds()), ("reason", reason), ("id", sessionId));
        await transaction.ExecuteAsync("UPDATE viewer_requests SET ended_at = @now WHERE session_id = @id AND ended_at IS NULL", cancellationToken, ("now", now.ToUnixTimeMilliseconds()), ("id", sessionId));
        if (ended > 0)
        {
            await written.EndedAsync(sessionId, cancellationToken);
        }

        return ended > 0;
    }

    private static string NewId() => Guid.CreateVersion7().ToString("N");

    private static BroadcastSession ReadSession(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetTime(3),
        r.GetNullableTime(4),
        r.GetNullableString(5),
        r.GetTime(6),
        r.GetNullableTime(7),
        TimeSpan.FromMilliseconds(r.GetInt64(8)),
        r.GetNullableString(9),
        !r.IsDBNull(10));

    private static ViewerRequest ReadRequest(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetTime(3),
        r.GetNullableString(4),
        r.GetNullableTime(5));
}
