using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Hosting;

/// <summary>How the signaling service listens and where it keeps its state (section Signaling).</summary>
public sealed record SignalingSettings
{
    /// <summary>The bearer token of the admin API; without it the admin API refuses every request.</summary>
    public const string AdminTokenVariable = "SIGNALING_ADMIN_TOKEN";

    /// <summary>The public port: the WebSocket, the embed script and the sites' REST API.</summary>
    public int PublicPort { get; init; } = 8080;

    /// <summary>The cluster-internal port: the admin API, /healthz, /readyz and /metrics.</summary>
    public int ManagementPort { get; init; } = 9090;

    public string BindAddress { get; init; } = "0.0.0.0";

    public DatabaseSettings Database { get; init; } = new();

    /// <summary>The chart's sites file (JSON, see <see cref="Sites.SitesFile"/>); empty: sites come from the admin API only.</summary>
    public string SitesFile { get; init; } = "";
}

public sealed record DatabaseSettings
{
    /// <summary>Sqlite (one replica) or PostgreSql (production, and any number of replicas).</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The provider's connection string: for SQLite "Data Source=/path/signaling.db", for PostgreSQL "Host=...;Database=...;Username=...".</summary>
    public string ConnectionString { get; init; } = "Data Source=signaling.db";
}
