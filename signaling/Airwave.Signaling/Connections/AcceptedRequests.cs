using System.Collections.Concurrent;

namespace Airwave.Signaling.Connections;

/// <summary>
/// The requests a viewer's page may relay for, as the database last said, so that its candidates — the relay's bulk —
/// are not each a database read. A confirmation holds until any other frame about that request comes to the page (a
/// refusal, a bye, the broadcast's end: the service sends one after every change of a request, from whichever
/// replica made it) or until <see cref="MaxAge"/> has passed, should such a frame be lost between replicas.
/// </summary>
public sealed class AcceptedRequests
{
    /// <summary>How long the database's word holds without a frame about the request.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _confirmed = new(StringComparer.Ordinal);
    private int _changes;

    /// <summary>Taken before the database is read: a confirmation counts only if no frame about a request came since.</summary>
    public int Version => Volatile.Read(ref _changes);

    /// <summary>Whether the database said at most <see cref="MaxAge"/> before <paramref name="now"/> that the request is accepted, with nothing heard of it since.</summary>
    public bool Holds(string request, DateTimeOffset now) =>
        _confirmed.TryGetValue(request, out var at) && now - at < MaxAge;

    /// <summary>The database said the request is accepted, in a read begun at <paramref name="version"/>.</summary>
    public void Confirm(string request, int version, DateTimeOffset now)
    {
        _confirmed[request] = now;

        // A frame about a request that came during the read may mean the answer is already stale.
        if (Volatile.Read(ref _changes) != version)
        {
            _confirmed.TryRemove(request, out _);
        }
    }

    /// <summary>A frame about the request came to the page: the next relay asks the database again.</summary>
    public void Changed(string request)
    {
        Interlocked.Increment(ref _changes);
        _confirmed.TryRemove(request, out _);
    }
}
