namespace Airwave.Signaling.Tests.Browser;

/// <summary>The browser rig with two replicas of the service on one PostgreSQL database, as behind one Service.</summary>
public sealed class TwoReplicaBrowserRig : BrowserRig
{
    private PostgresServer? _postgres;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    protected override async Task<IReadOnlyList<SignalingServer>> StartReplicasAsync(string address, IDictionary<string, string?> settings)
    {
        _postgres = await PostgresServer.StartAsync();
        var database = await _postgres.CreateDatabaseAsync("signaling_browser");
        var replicas = new List<SignalingServer>();
        for (var i = 0; i < 2; i++)
        {
            var replica = await SignalingServer.StartAsync(postgres: database, settings: settings, address: address);
            replicas.Add(replica);
            await Eventually.MatchAsync(async () => (await replica.Management.GetAsync("/readyz")).IsSuccessStatusCode, ready => ready, TimeSpan.FromSeconds(20), "the replica listening to the other");
        }

        return replicas;
    }
}
