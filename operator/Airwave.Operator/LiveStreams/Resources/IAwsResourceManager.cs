using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// One kind of AWS resource a stream has, as ACK's resource managers handle theirs: read it (by the id status keeps,
/// else by the stream's tags), create it from a plan of what the spec asks, tell from the described resource's own
/// fields where it differs from the plan, update it in place, and delete it.
/// </summary>
/// <typeparam name="TResource">The resource as AWS describes it.</typeparam>
/// <typeparam name="TPlan">What the spec asks of it.</typeparam>
public interface IAwsResourceManager<TResource, TPlan>
    where TResource : class
{
    /// <summary>
    /// The resource of <paramref name="knownId"/>, or with a null id the one carrying the stream's tags; one that was
    /// known but is gone <see cref="Observed{T}.WentMissing"/>.
    /// </summary>
    Task<Observed<TResource>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken);

    /// <param name="replacing">The id of a resource that vanished, which this one replaces.</param>
    Task<TResource> CreateAsync(TPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken);

    /// <summary>
    /// The fields, in AWS's words, whose values differ from the plan's; values AWS fills in that the plan says nothing
    /// of are not among them.
    /// </summary>
    /// <param name="specChanged">Whether the spec changed since the resource was last brought to it, so that a difference is the spec's change rather than drift.</param>
    ResourceDelta Delta(TResource resource, TPlan plan, bool specChanged);

    Task<TResource> UpdateAsync(TResource resource, TPlan plan, CancellationToken cancellationToken);

    /// <summary>Deletes the resource; true once AWS accepted (or it was gone), false while AWS refuses for now (it is in use).</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
