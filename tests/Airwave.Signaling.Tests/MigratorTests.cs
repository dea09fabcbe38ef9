using Airwave.Signaling.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Signaling.Tests;

[Collection(PostgresFixture.Collection)]
public sealed class MigratorTests(PostgresFixture postgres) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-migrations-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Every_script_runs_once_and_a_second_start_applies_nothing(DatabaseProvider provider)
    {
        await using var database = SignalingDatabase.Create(provider, await ConnectionStringAsync(provider));
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(Migrator.Scripts.Select(s => s.Version), first);
        Assert.Empty(second);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var tables = await connection.QueryAsync("SELECT COUNT(*) FROM broadcast_time", r => r.GetInt64(0), CancellationToken.None);
        Assert.Equal(0, tables[0]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Replicas_starting_together_apply_each_script_once(DatabaseProvider provider)
    {
        var connectionString = await ConnectionStringAsync(provider);
        var replicas = Enumerable.Range(0, 4).Select(_ => SignalingDatabase.Create(provider, connectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(replicas.Select(d => new Migrator(d, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None)));

            Assert.Equal(Migrator.Scripts.Select(s => s.Version), applied.SelectMany(a => a).Order());
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused_with_the_reason()
    {
        await using var database = SignalingDatabase.Create(DatabaseProvider.Sqlite, await ConnectionStringAsync(DatabaseProvider.Sqlite));
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)", CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("version 9999, newer than this build", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_stream_two_live_broadcasts_held_before_the_upgrade_stays_with_the_one_that_started_first(DatabaseProvider provider)
    {
        await using var database = SignalingDatabase.Create(provider, await ConnectionStringAsync(provider));
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", CancellationToken.None);
        foreach (var (version, name, sql) in Migrator.Scripts.Where(s => s.Version < 6))
        {
            await connection.ExecuteAsync(sql, CancellationToken.None);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, 0)", CancellationToken.None, ("version", version), ("name", name));
        }

        await connection.ExecuteAsync("INSERT INTO sites (id, name, allowed_origins, secret, source, created_at, updated_at) VALUES ('shop', 'Shop', '[]', 's', 'api', 0, 0)", CancellationToken.None);
        foreach (var (id, started, ended) in new (string, long, long?)[] { ("later", 20, null), ("first", 10, null), ("ended", 5, 8) })
        {
            await connection.ExecuteAsync(
                "INSERT INTO broadcast_sessions (id, site_id, user_id, started_at, ended_at, resume_token_hash, last_heartbeat_at, sfu_stream, sfu_live_at) VALUES (@id, 'shop', @id, @started, @ended, 'h', @started, 'media/stage', @started)",
                CancellationToken.None,
                ("id", id),
                ("started", started),
                ("ended", ended));
        }

        var applied = await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Equal(Migrator.Scripts.Where(s => s.Version >= 6).Select(s => s.Version), applied);
        var held = await connection.QueryAsync("SELECT id, sfu_stream, sfu_live_at FROM broadcast_sessions ORDER BY id", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? (long?)null : r.GetInt64(2)), CancellationToken.None);
        Assert.Equal([("ended", "media/stage", 5), ("first", "media/stage", 10), ("later", null, null)], held);
    }

    private async Task<string> ConnectionStringAsync(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? await postgres.NewDatabaseAsync()
        : $"Data Source={Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.db")}";
}
