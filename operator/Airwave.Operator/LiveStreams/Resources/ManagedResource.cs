using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// A kind of resource as a stream's Events name it: its manager, what a user calls it ("input security group"), its
/// id, and the Event's note when the spec's change was applied to it.
/// </summary>
public sealed record ManagedResource<T, TPlan>(IAwsResourceManager<T, TPlan> Manager, string What, Func<T, string> IdOf, Func<T, ResourceDelta, string> UpdatedNote)
    where T : class;
