using System.Data.Common;
using System.Text.Json;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Sites;

/// <summary>The sites table. Every lookup reads the database, so a change made through one replica holds on all of them at once.</summary>
public sealed class SiteStore(SignalingDatabase database, TimeProvider clock)
{
    private const string Columns = "id, name, allowed_origins, secret, source, created_at, updated_at, sfu";

    public async Task<Site?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync($"SELECT {Columns} FROM sites WHERE id = @id", Read, cancellationToken, ("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<Site>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {Columns} FROM sites ORDER BY id", Read, cancellationToken);
    }

    /// <summary>Creates or replaces the site; returns whether it was created. The creation time of a replaced site stays.</summary>
    public async Task<bool> PutAsync(string id, string name, IReadOnlyList<string> allowedOrigins, string secret, SiteSfu? sfu, SiteSource source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        var existed = (await connection.QueryAsync("SELECT 1 FROM sites WHERE id = @id", _ => true, cancellationToken, ("id", id))).Count > 0;
        await connection.ExecuteAsync(
            """
            INSERT INTO sites (id, name, allowed_origins, secret, source, created_at, updated_at, sfu)
            VALUES (@id, @name, @origins, @secret, @source, @now, @now, @sfu)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, allowed_origins = excluded.allowed_origins,
                secret = excluded.secret, source = excluded.source, updated_at = excluded.updated_at, sfu = excluded.sfu
            """,
            cancellationToken,
            ("id", id),
            ("name", name),
            ("origins", JsonSerializer.Serialize([.. allowedOrigins], SiteJson.Default.StringArray)),
            ("secret", secret),
            ("source", source.ToString()),
            ("sfu", sfu is null ? null : JsonSerializer.Serialize(sfu, SiteJson.Default.SiteSfu)),
            ("now", now));
        return !existed;
    }

    /// <summary>Deletes the site and, with it, its broadcasts and accounted time. Returns whether it existed.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM sites WHERE id = @id", cancellationToken, ("id", id)) > 0;
    }

    private static Site Read(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        JsonSerializer.Deserialize(row.GetString(2), SiteJson.Default.StringArray) ?? [],
        row.GetString(3),
        Enum.Parse<SiteSource>(row.GetString(4)),
        row.GetTime(5),
        row.GetTime(6),
        row.IsDBNull(7) ? null : JsonSerializer.Deserialize(row.GetString(7), SiteJson.Default.SiteSfu));
}
