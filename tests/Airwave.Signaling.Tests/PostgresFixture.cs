namespace Airwave.Signaling.Tests;

/// <summary>One PostgreSQL server for the tests that need one; each test takes a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "PostgreSQL";

    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task<string> NewDatabaseAsync() => await Server.CreateDatabaseAsync($"signaling_{Interlocked.Increment(ref _databases)}");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>;
