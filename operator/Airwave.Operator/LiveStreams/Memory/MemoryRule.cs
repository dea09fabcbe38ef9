namespace Airwave.Operator.LiveStreams.Memory;

/// <summary>How <see cref="ResourceMemory"/> treats one kind of resource.</summary>
/// <param name="IdOf">The resource's id, as status keeps it.</param>
/// <param name="VouchedBy">
/// The kind of resource that, while it exists, keeps this one as it was: AWS refuses to delete a resource another
/// uses. Once that one is read and found, what the last full pass found of this one stands in for a read; a change
/// made outside Airwave to it meanwhile is found by the next full check.
/// </param>
/// <param name="Vouchable">Whether a remembered resource may stand in at all (not one still being made).</param>
/// <param name="NamedByStream">Its id is derived from the stream: there is never a second one, and a deleted one is gone.</param>
public sealed record MemoryRule<T>(ResourceKind Kind, Func<T, string> IdOf, ResourceKind? VouchedBy = null, Func<T, bool>? Vouchable = null, bool NamedByStream = false)
    where T : class;
