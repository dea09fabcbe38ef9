namespace Airwave.Events.Outbox;

/// <param name="Pending">Events still to deliver after pruning.</param>
/// <param name="Dropped">Events dropped because the outbox was over its bound and they were past the maximum age.</param>
public sealed record PruneResult(int Pending, int Dropped);
