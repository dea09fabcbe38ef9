using Airwave.Kubernetes.LeaderElection;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>When a listing was made: in which term of leadership, and at what moment of the monotonic clock.</summary>
public readonly record struct ListingStamp(long Term, long Timestamp);

/// <summary>
/// How long a listing of the AWS account may stand in for a new one: while the work asking belongs to the term of
/// leadership the listing was made in (within a term this replica is the only one writing, see LeaderOnlyWrites) and
/// for at most <c>FullCheckInterval</c>, so that resources changed outside Airwave are seen in time.
/// </summary>
public sealed class ListingLifetime(TimeProvider time, OperatorOptions options, LeaderElector? elector = null)
{
    public ListingStamp Now() => new(Term, time.GetTimestamp());

    public bool IsCurrent(ListingStamp stamp) => stamp.Term == Term && time.GetElapsedTime(stamp.Timestamp) < options.FullCheckInterval;

    // Without leader election there is one replica and a single term.
    private long Term => elector?.WorkTerm ?? 0;
}
