using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Status;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Operator.LiveStreams.Memory;
using Airwave.Operator.Spending;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Releases what a deleted stream holds, one step per call, after which the finalizer goes: its parts in the reverse
/// of the order they were made in (<see cref="StreamLayouts"/>), each done before the one made before it starts — a
/// Chime stream's connector first, so that nothing pushes any more; the live distribution; the channel, stopped and
/// deleted; then its input and security group, packaging, or IVS channel. Resources the status lost track of are
/// found by their tags; objects in the cluster go with the stream, which owns them. What the stream cost this month
/// stays counted toward its namespace's limit in the spend ledger.
/// </summary>
public sealed class LiveStreamTeardown(
    KubernetesClient client,
    StreamReporter reporter,
    OperatorOptions options,
    ResourceMemory memory,
    StreamCosts costs,
    NamespaceSpend spending)
{
    /// <returns>Null once nothing is left (the finalizer may go), else when to take the next step.</returns>
    public async Task<TimeSpan?> RunAsync(LiveStream stream, StreamIdentity identity, StreamLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(layout);
        var pass = new StreamTeardownPass(stream, identity, reporter, memory.OpenTeardown(stream, identity));
        if (stream.Status?.Phase != LiveStreamPhase.Deleting)
        {
            await client.UpdateStatusIfChangedAsync(AirwaveResources.LiveStreams, stream, stream with { Status = (stream.Status ?? new LiveStreamStatus()) with { Phase = LiveStreamPhase.Deleting } }, cancellationToken);
            await pass.RecordAsync("Deleting", "Deleting the stream's AWS resources", cancellationToken);
        }

        foreach (var part in layout.Parts.Reverse())
        {
            if (!await part.TeardownAsync(pass, cancellationToken))
            {
                return options.PollInterval;
            }
        }

        // Before the finalizer goes, or the namespace would have this month's spend back.
        var now = client.TimeProvider.GetUtcNow();
        await spending.RecordDeletedAsync(stream.Metadata.Namespace!, stream.Metadata.Uid!, costs.AtDeletion(stream, layout, now), now, cancellationToken);
        await pass.RecordAsync("Deleted", "Every AWS resource of the stream is deleted", cancellationToken);
        await reporter.PublishAsync(stream, stream.Status, EventTypes.StreamDeleted, "", null, cancellationToken);
        memory.Forget(stream);
        return null;
    }
}
