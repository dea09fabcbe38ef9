using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Airwave.Signaling.Storage;

/// <summary>
/// Brings the database to the schema this build expects: the embedded Migrations/NNNN_name.sql scripts not yet
/// recorded in schema_migrations run in order, each in its own transaction. Replicas starting together take turns
/// (PostgreSQL: an advisory lock; SQLite: a write transaction), so each script runs once.
/// </summary>
public sealed partial class Migrator(SignalingDatabase database, ILogger<Migrator> logger)
{
    // Any constant shared by every replica; it only has to differ from other advisory locks on the same server.
    private const long AdvisoryLockKey = 0x41697277_6176_65;

    /// <summary>The scripts of this build, by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = ReadScripts();

    /// <summary>Applies what is missing and returns the versions it applied.</summary>
    /// <exception cref="InvalidOperationException">The database holds a newer schema than this build knows.</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL", cancellationToken);
        }
        else
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        }

        try
        {
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken);
            var applied = new List<int>();
            foreach (var (version, name, sql) in Scripts)
            {
                if (await ApplyAsync(connection, version, name, sql, cancellationToken))
                {
                    applied.Add(version);
                    LogApplied(logger, version, name);
                }
            }

            var newest = await connection.QueryAsync("SELECT MAX(version) FROM schema_migrations", r => r.IsDBNull(0) ? 0 : Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
            var known = Scripts.Count == 0 ? 0 : Scripts[^1].Version;
            if (newest[0] > known)
            {
                throw new InvalidOperationException($"the database's schema is at version {newest[0]}, newer than this build of the signaling service knows ({known}): run a newer build, or restore the database it wrote");
            }

            return applied;
        }
        finally
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
            }
        }
    }

    private static async Task<bool> ApplyAsync(DbConnection connection, int version, string name, string sql, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite begins transactions IMMEDIATE: the write lock is taken before the check, so a second
        // process waits here instead of applying the script twice.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if ((await transaction.QueryAsync("SELECT 1 FROM schema_migrations WHERE version = @version", _ => true, cancellationToken, ("version", version))).Count > 0)
        {
            return false;
        }

        await transaction.ExecuteAsync(sql, cancellationToken);
        await transaction.ExecuteAsync(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
            cancellationToken,
            ("version", version),
            ("name", name),
            ("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static List<(int, string, string)> ReadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)))
        {
            var file = resource["Migrations/".Length..^".sql".Length];
            var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, file, reader.ReadToEnd()));
        }

        return [.. scripts.OrderBy(s => s.Item1)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
