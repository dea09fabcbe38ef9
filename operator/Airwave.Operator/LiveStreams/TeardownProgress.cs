using System.Collections.Concurrent;
using Airwave.Api.LiveStreams;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams;

/// <summary>The resources a stream's teardown waits for, one after the other.</summary>
public enum TornDown
{
    Channel,
    Input,
    InputSecurityGroup,
    IvsChannel,
    PackageEndpoint,
    PackageChannel,
}

/// <summary>
/// What a stream's teardown already knows, so that its later steps do not ask AWS again: the resources whose
/// deletion AWS accepted (by id), and the kinds of which nothing is left, by id or by tags. AWS does not bring a
/// deleted resource back, and nothing new is made for a stream being deleted. Kept in memory, so a restarted
/// operator (or a new leader) looks once more.
/// </summary>
public sealed class TeardownProgress
{
    private readonly Streams _streams = new();

    public bool IsGone(LiveStream stream, TornDown resource) => _streams.Find(stream)?.Has((resource, null)) == true;

    public void MarkGone(LiveStream stream, TornDown resource) => _streams.FindOrRecord(stream, () => new Known()).Add((resource, null));

    /// <summary>Whether AWS accepted to delete this resource.</summary>
    public bool WasDeleted(LiveStream stream, TornDown resource, string id) => _streams.Find(stream)?.Has((resource, id)) == true;

    public void MarkDeleted(LiveStream stream, TornDown resource, string id) => _streams.FindOrRecord(stream, () => new Known()).Add((resource, id));

    public void Forget(LiveStream stream) => _streams.Forget(stream);

    /// <summary>
    /// What is left of one kind: the resource status recorded first, then any other carrying the stream's tags (a
    /// create whose answer was lost and was made again), so nothing tagged for the stream outlives it. A resource
    /// whose deletion AWS accepted is not asked about again; once none is left, later steps skip the kind.
    /// </summary>
    /// <param name="read">Reads the resource of that id, or with a null id the one carrying the stream's tags.</param>
    public async Task<T?> RemainingAsync<T>(LiveStream stream, TornDown kind, string? knownId, Func<string?, Task<Observed<T>>> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        if (IsGone(stream, kind))
        {
            return null;
        }

        var remaining = knownId is not null && !WasDeleted(stream, kind, knownId) ? (await read(knownId)).Resource : null;
        remaining ??= (await read(null)).Resource;
        if (remaining is null)
        {
            MarkGone(stream, kind);
        }

        return remaining;
    }

    private sealed class Streams : StreamMemory<Known>;

    // A kind with no id: nothing of it is left.
    private sealed class Known
    {
        private readonly ConcurrentDictionary<(TornDown Resource, string? Id), bool> _facts = new();

        public bool Has((TornDown, string?) fact) => _facts.ContainsKey(fact);

        public void Add((TornDown, string?) fact) => _facts[fact] = true;
    }
}
