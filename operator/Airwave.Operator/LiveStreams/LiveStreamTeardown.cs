using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Events;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Status;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Deletes a stream's AWS resources in the order AWS allows, one step per call, after which the finalizer goes:
/// take it off the live distribution, stop the channel and wait for IDLE, delete the channel and wait for it
/// to go, wait for the input to detach, delete the input and its security group, then the MediaPackage
/// endpoint and channel. A Chime stream's connector goes first, so that nothing pushes any more, and a stream on
/// IVS has its IVS channel deleted once it is no longer live. Resources the status lost track of are found by their tags.
/// </summary>
public sealed class LiveStreamTeardown(KubernetesClient client, LiveStreamAws aws, ConnectorWorkload connector, EventRecorder events, IEventPublisher publisher, OperatorOptions options, TeardownProgress progress)
{
    /// <returns>Null once nothing is left (the finalizer may go), else when to take the next step.</returns>
    public async Task<TimeSpan?> RunAsync(LiveStream stream, StreamIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Status?.Phase != LiveStreamPhase.Deleting)
        {
            await client.UpdateStatusIfChangedAsync(AirwaveResources.LiveStreams, stream, stream with { Status = (stream.Status ?? new LiveStreamStatus()) with { Phase = LiveStreamPhase.Deleting } }, cancellationToken);
            await RecordAsync(stream, "Deleting", "Deleting the stream's AWS resources", cancellationToken);
        }

        if (!await DeleteAwsResourcesAsync(stream, identity, cancellationToken))
        {
            return options.PollInterval;
        }

        await RecordAsync(stream, "Deleted", "Every AWS resource of the stream is deleted", cancellationToken);
        await publisher.PublishAsync(LiveStreamEvents.Create(stream, stream.Status, EventTypes.StreamDeleted, "", null, client.TimeProvider.GetUtcNow()), cancellationToken);
        progress.Forget(stream);
        return null;
    }

    /// <summary>Takes the next step; true once nothing is left.</summary>
    private async Task<bool> DeleteAwsResourcesAsync(LiveStream stream, StreamIdentity identity, CancellationToken cancellationToken)
    {
        if (stream.Spec.Source.Type == SourceType.Chime && !await DeleteChimeAsync(stream, identity, cancellationToken))
        {
            return false;
        }

        var ids = stream.Status?.Aws ?? new AwsResources();
        // Only a stream that asked to be live was ever added; the others need no read-modify-write of the distribution.
        if (options.LiveDistributionId is { } distribution && (stream.Spec.Live || stream.Status?.Playback?.LiveUrl is not null))
        {
            await aws.LiveDistribution.RemoveAsync(distribution, identity, cancellationToken);
        }

        var channel = await RemainingAsync(stream, TornDown.Channel, ids.ChannelId, id => aws.Channels.ReadOneAsync(id, identity, cancellationToken));
        if (channel is not null)
        {
            switch (channel.State)
            {
                case ChannelState.Starting or ChannelState.Running or ChannelState.Recovering:
                    await aws.Channels.StopAsync(channel.Id, cancellationToken);
                    break;
                case ChannelState.Idle or ChannelState.CreateFailed or ChannelState.UpdateFailed:
                    if (await aws.Channels.DeleteAsync(channel.Id, cancellationToken))
                    {
                        progress.MarkDeleted(stream, TornDown.Channel, channel.Id);
                    }

                    break;
            }

            return false;
        }

        var input = await RemainingAsync(stream, TornDown.Input, ids.InputId, id => aws.Inputs.ReadOneAsync(id, identity, cancellationToken));
        if (input is not null)
        {
            // An input still attached to a channel cannot be deleted; the channel's deletion detaches it.
            if (input.State == InputState.Detached)
            {
                await aws.Inputs.DeleteAsync(input.Id, cancellationToken);
                progress.MarkDeleted(stream, TornDown.Input, input.Id);
            }

            return false;
        }

        // Its security group is in use until the input is gone.
        var group = await RemainingAsync(stream, TornDown.InputSecurityGroup, ids.InputSecurityGroupId, id => aws.SecurityGroups.ReadOneAsync(id, identity, cancellationToken));
        if (group is not null)
        {
            if (group.State != InputSecurityGroupState.InUse)
            {
                await aws.SecurityGroups.DeleteAsync(group.Id, cancellationToken);
                progress.MarkDeleted(stream, TornDown.InputSecurityGroup, group.Id);
            }

            return false;
        }

        if ((await aws.PackageEndpoints.ReadOneAsync(ids.PackageEndpointId, identity, cancellationToken)).Resource is { } endpoint)
        {
            await aws.PackageEndpoints.DeleteAsync(endpoint.Id, cancellationToken);
        }

        if ((await aws.PackageChannels.ReadOneAsync(ids.PackageChannelId, identity, cancellationToken)).Resource is { } package)
        {
            await aws.PackageChannels.DeleteAsync(package.Id, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// The connector, whose push would keep an IVS channel live (IVS does not delete a live channel) and would feed
    /// a MediaLive channel being stopped, then the IVS channel; true once both are gone.
    /// </summary>
    private async Task<bool> DeleteChimeAsync(LiveStream stream, StreamIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            if (await connector.ReadAsync(stream, cancellationToken) is { } deployment)
            {
                await connector.DeleteAsync(deployment, cancellationToken);
                await RecordAsync(stream, "Deleted", $"Deleted Deployment {deployment.Metadata.Name}: the meeting connector leaves the meeting", cancellationToken);
            }
        }
        catch (ObjectNameTakenException)
        {
            // A Deployment of that name that the stream does not own is not the stream's to delete.
        }

        var channel = await RemainingAsync(stream, TornDown.IvsChannel, stream.Status?.Ivs?.ChannelArn, arn => aws.IvsChannels.ReadOneAsync(arn, identity, cancellationToken));
        if (channel is null)
        {
            return true;
        }

        if (await aws.IvsChannels.DeleteAsync(channel.Arn, cancellationToken))
        {
            progress.MarkDeleted(stream, TornDown.IvsChannel, channel.Arn);
            await RecordAsync(stream, "Deleted", $"Deleted IVS channel {channel.Arn}", cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// What is left of one kind: the resource status recorded first, then any other carrying the stream's tags (a
    /// create whose answer was lost and was made again), so nothing tagged for the stream outlives it. A resource
    /// whose deletion AWS accepted is not asked about again; once none is left, later steps skip the kind.
    /// </summary>
    private async Task<T?> RemainingAsync<T>(LiveStream stream, TornDown kind, string? knownId, Func<string?, Task<Observed<T>>> read)
        where T : class
    {
        if (progress.IsGone(stream, kind))
        {
            return null;
        }

        var remaining = knownId is not null && !progress.WasDeleted(stream, kind, knownId) ? (await read(knownId)).Resource : null;
        remaining ??= (await read(null)).Resource;
        if (remaining is null)
        {
            progress.MarkGone(stream, kind);
        }

        return remaining;
    }

    private Task RecordAsync(LiveStream stream, string reason, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.LiveStreams, stream, EventType.Normal, reason, "Delete", note, cancellationToken);
}
