namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// A write refused because this process does not hold the lease. It is a cancellation of the leadership token, so
/// the work that was running as leader stops the way it stops whenever leadership ends, without an error.
/// </summary>
public sealed class NotLeaderException(string message, CancellationToken leadership) : OperationCanceledException(message, leadership);
