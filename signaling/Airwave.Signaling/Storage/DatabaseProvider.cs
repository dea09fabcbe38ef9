namespace Airwave.Signaling.Storage;

/// <summary>Where the service keeps its state.</summary>
public enum DatabaseProvider
{
    /// <summary>A file next to the service: the default of a single-node install (one replica).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: production, and required for more than one replica.</summary>
    PostgreSql,
}
