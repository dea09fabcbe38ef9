using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Events;
using Airwave.Operator.LiveStreams.Memory;

namespace Airwave.Operator.LiveStreams;

/// <summary>One step of a deleted stream's teardown, as its parts share it.</summary>
public sealed class StreamTeardownPass(LiveStream stream, StreamIdentity identity, StreamReporter reporter, PassResources resources)
{
    public LiveStream Stream { get; } = stream;

    public StreamIdentity Identity { get; } = identity;

    /// <summary>The stream's AWS resources, less what the steps before found deleted.</summary>
    public PassResources Resources { get; } = resources;

    /// <summary>A Normal Event of the deletion.</summary>
    public Task RecordAsync(string reason, string note, CancellationToken cancellationToken) =>
        reporter.RecordAsync(Stream, EventType.Normal, reason, "Delete", note, cancellationToken);
}
