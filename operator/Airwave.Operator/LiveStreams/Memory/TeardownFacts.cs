using System.Collections.Concurrent;

namespace Airwave.Operator.LiveStreams.Memory;

/// <summary>
/// What a stream's teardown already knows, so that its later steps do not ask AWS again: the resources whose deletion
/// AWS accepted (by id), and the kinds of which nothing is left, by id or by tags. AWS does not bring a deleted
/// resource back, and nothing new is made for a stream being deleted.
/// </summary>
public sealed class TeardownFacts
{
    // A kind with a null id: nothing of it is left.
    private readonly ConcurrentDictionary<(ResourceKind Kind, string? Id), bool> _facts = new();

    public bool IsGone(ResourceKind kind) => _facts.ContainsKey((kind, null));

    public void MarkGone(ResourceKind kind) => _facts[(kind, null)] = true;

    /// <summary>Whether AWS accepted to delete this resource.</summary>
    public bool WasDeleted(ResourceKind kind, string id) => _facts.ContainsKey((kind, id));

    public void MarkDeleted(ResourceKind kind, string id) => _facts[(kind, id)] = true;
}
