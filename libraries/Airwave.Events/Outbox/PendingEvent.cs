namespace Airwave.Events.Outbox;

/// <summary>An outbox entry with where it is stored.</summary>
public sealed record PendingEvent(int Shard, string Id, OutboxEntry Entry);
