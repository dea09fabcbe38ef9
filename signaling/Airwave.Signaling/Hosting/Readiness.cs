using Airwave.Signaling.Routing;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Hosting;

/// <summary>
/// Ready once prepared, while the database answers and while frames from other replicas arrive: a replica cut off from
/// either takes no new connections.
/// </summary>
public sealed class Readiness(SignalingDatabase database, IPeerBus bus)
{
    public bool Prepared { get; set; }

    /// <summary>Null when ready, else why not.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (!Prepared)
        {
            return "the database is being migrated";
        }

        if (!bus.IsConnected)
        {
            return "not connected to the other replicas (PostgreSQL LISTEN)";
        }

        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("SELECT 1", cancellationToken);
            return null;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"the database does not answer: {e.Message}";
        }
    }
}
