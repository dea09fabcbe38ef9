namespace Airwave.Events.Outbox;

/// <summary>
/// Where undelivered events wait, durably, until every sink they are for has accepted them: ConfigMaps for the
/// operator, a table of its database for the signaling service. This is what delivery needs; each publisher appends
/// in its own way (the signaling service within the transaction of the change). Entries are read in publish order
/// per shard.
/// </summary>
public interface IEventOutbox
{
    /// <summary>Every pending event, per shard, each shard in publish order.</summary>
    Task<IReadOnlyList<IReadOnlyList<PendingEvent>>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Records that the sink accepted the events; entries no sink still needs are removed.</summary>
    Task MarkDeliveredAsync(string sink, IReadOnlyCollection<PendingEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets sinks that are no longer active (removed from the configuration or disabled) and, when more than
    /// <paramref name="maxPending"/> events wait, drops those older than <paramref name="maxAge"/>, oldest first.
    /// </summary>
    Task<PruneResult> PruneAsync(Func<string, bool> isActiveSink, int maxPending, TimeSpan maxAge, CancellationToken cancellationToken);
}
