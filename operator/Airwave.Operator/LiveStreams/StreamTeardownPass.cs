using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Events;

namespace Airwave.Operator.LiveStreams;

/// <summary>One step of a deleted stream's teardown, as its parts share it.</summary>
public sealed class StreamTeardownPass(LiveStream stream, StreamIdentity identity, StreamReporter reporter)
{
    public LiveStream Stream { get; } = stream;

    public StreamIdentity Identity { get; } = identity;

    /// <summary>A Normal Event of the deletion.</summary>
    public Task RecordAsync(string reason, string note, CancellationToken cancellationToken) =>
        reporter.RecordAsync(Stream, EventType.Normal, reason, "Delete", note, cancellationToken);
}
