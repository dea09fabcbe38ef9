using System.Data.Common;
using System.Globalization;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Broadcasts;

/// <summary>Broadcast time per site, user and UTC day, as the service observed it.</summary>
public sealed class TimeLedger(SignalingDatabase database)
{
    public const string DayFormat = "yyyy-MM-dd";

    /// <summary>Adds the span [<paramref name="from"/>, <paramref name="to"/>) of a session to the days it covers (split at UTC midnight), for its user and for the session.</summary>
    public static async Task CreditAsync(DbTransaction transaction, string siteId, string userId, string sessionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        for (var start = from.ToUniversalTime(); start < to;)
        {
            var midnight = new DateTimeOffset(start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            var end = midnight < to ? midnight : to;
            var day = start.ToString(DayFormat, CultureInfo.InvariantCulture);
            var milliseconds = (long)(end - start).TotalMilliseconds;
            await transaction.ExecuteAsync(
                """
                INSERT INTO broadcast_time (site_id, user_id, day, milliseconds) VALUES (@site, @user, @day, @ms)
                ON CONFLICT (site_id, user_id, day) DO UPDATE SET milliseconds = broadcast_time.milliseconds + excluded.milliseconds
                """,
                cancellationToken,
                ("site", siteId),
                ("user", userId),
                ("day", day),
                ("ms", milliseconds));
            await transaction.ExecuteAsync(
                """
                INSERT INTO session_time (session_id, day, milliseconds) VALUES (@session, @day, @ms)
                ON CONFLICT (session_id, day) DO UPDATE SET milliseconds = session_time.milliseconds + excluded.milliseconds
                """,
                cancellationToken,
                ("session", sessionId),
                ("day", day),
                ("ms", milliseconds));
            start = end;
        }
    }

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (inclusive) with time, per user, optionally of one user.</summary>
    public async Task<IReadOnlyList<BroadcastTime>> ListAsync(string siteId, string? userId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            $"SELECT user_id, day, milliseconds FROM broadcast_time WHERE site_id = @site AND day >= @from AND day <= @to{(userId is null ? "" : " AND user_id = @user")} ORDER BY day, user_id",
            r => new BroadcastTime(r.GetString(0), DateOnly.ParseExact(r.GetString(1), DayFormat, CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(r.GetInt64(2))),
            cancellationToken,
            ("site", siteId),
            ("from", from.ToString(DayFormat, CultureInfo.InvariantCulture)),
            ("to", to.ToString(DayFormat, CultureInfo.InvariantCulture)),
            ("user", userId));
    }
}

/// <summary>A user's broadcast time on one UTC day.</summary>
public sealed record BroadcastTime(string UserId, DateOnly Day, TimeSpan Duration);
