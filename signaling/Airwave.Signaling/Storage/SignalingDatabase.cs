using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Airwave.Signaling.Storage;

/// <summary>
/// The service's database: connections from one <see cref="DbDataSource"/> of either provider. The queries are
/// written in the SQL both share, with @name parameters, so the stores above do not care which one it is.
/// </summary>
public sealed class SignalingDatabase : IAsyncDisposable
{
    // SQLITE_CONSTRAINT_UNIQUE, the extended result code of a unique index's violation.
    private const int SqliteUniqueConstraint = 2067;

    private SignalingDatabase(DatabaseProvider provider, DbDataSource source)
    {
        Provider = provider;
        Source = source;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The data source connections come from (for PostgreSQL, an <see cref="NpgsqlDataSource"/>).</summary>
    public DbDataSource Source { get; }

    public static SignalingDatabase Create(DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return provider switch
        {
            DatabaseProvider.PostgreSql => new SignalingDatabase(provider, NpgsqlDataSource.Create(connectionString)),
            _ => new SignalingDatabase(provider, SqliteFactory.Instance.CreateDataSource(SqliteConnectionString(connectionString))),
        };
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await Source.OpenConnectionAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Per connection in SQLite: without it, the REFERENCES ... ON DELETE CASCADE clauses are not enforced.
            await using var pragma = connection.Command("PRAGMA foreign_keys = ON");
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();

    /// <summary>Whether the statement failed because a row would have broken a unique index (either provider).</summary>
    public static bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            or SqliteException { SqliteExtendedErrorCode: SqliteUniqueConstraint };

    // Several connections write at once (every WebSocket's heartbeats): a writer waits for the lock instead of
    // failing at once, and WAL lets readers go on meanwhile (set by the migrator, it is stored in the file).
    private static string SqliteConnectionString(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30, Pooling = true }.ToString();
}
