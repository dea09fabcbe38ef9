using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The reads of AWS a pipeline pass can spare, from what earlier passes found (<see cref="SettledStreams"/>,
/// <see cref="ProvisionedStreams"/>): the quick resync of a settled stream, the resources AWS keeps while they are
/// used, and whether a pass is one of a transition.
/// </summary>
public sealed class PipelineReads(
    LiveStreamAws aws,
    IngestSecret ingestSecret,
    LiveMembership live,
    SettledStreams settledStreams,
    ProvisionedStreams provisionedStreams,
    OperatorOptions options)
{
    /// <summary>
    /// The resync of a stream that has settled as asked (see <see cref="SettledStreams"/>): reads the channel (and a
    /// running one's alerts) and the live distribution, and changes nothing unless they moved. Null when a full
    /// reconcile is due: anything about the stream changed, something moved, or the last full one is too old.
    /// </summary>
    public async Task<ReconcileResult?> QuickResyncAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);
        if (settledStreams.Find(stream) is not { } check
            || check.Generation != stream.Metadata.Generation
            || check.Rotation != pass.RotationAsked
            || draft.Now - check.At >= options.FullCheckInterval
            || check.Endpoint is not { } endpoint
            || draft.Status.Aws is not { ChannelId: { } channelId })
        {
            return null;
        }

        // What the last full pass wrote is written again, on the condition that it is still there: an edit or a
        // deletion made meanwhile is undone now, and said.
        if (await ingestSecret.WriteAgainAsync(stream, cancellationToken) is not { } again)
        {
            return null;
        }

        await IngestSecretPart.ReportRestoredAsync(pass, again, draft.Status.Aws.InputId, cancellationToken);

        var channel = (await aws.Channels.ReadOneAsync(channelId, pass.Identity, cancellationToken)).Resource;
        var wanted = stream.Spec.State == StreamState.Running ? ChannelState.Running : ChannelState.Idle;
        if (channel?.State != wanted)
        {
            return null;
        }

        // A refused push, or the end of one, is the user's to see soon: a full pass reports it.
        var reported = ConditionList.Find(draft.Status.Conditions, LiveStreamConditions.InputReady)?.Reason == LiveStreamConditions.PushRefused;
        if (wanted == ChannelState.Running && draft.Status.Aws.InputId is { } inputId
            && (await InputProblem.ReadAsync(aws.Channels, pass, inputId, channelId, cancellationToken) is not null) != reported)
        {
            return null;
        }

        await live.ReconcileAsync(pass, _ => Task.FromResult(LiveDistributionManager.EndpointPlan(pass.Identity, endpoint)), cancellationToken);
        return ReconcileResult.After(options.ResyncInterval);
    }

    /// <summary>
    /// Starts a full pass: whether it is one of a transition (the stream is not settled, so it is looked at again
    /// within the poll interval, after a pass of the same spec), in which the ingest Secret is written only when what it
    /// should hold changed, so a new stream writes it about twice on the way to Running instead of once a pass. A
    /// settled stream's resync writes it on the condition that it is as last written, so an edit made meanwhile is
    /// found and undone then.
    /// </summary>
    public void Begin(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        pass.Pipeline.InTransition = settledStreams.Find(pass.Stream) is null
            && provisionedStreams.Find(pass.Stream) is { } last
            && last.Generation == pass.Stream.Metadata.Generation
            && last.Rotation == pass.RotationAsked;
        settledStreams.Forget(pass.Stream);
    }

    /// <summary>
    /// The reads a pass can spare, from what the last full pass found: the channel is read first, and while it exists
    /// MediaLive keeps its input, and the input its security group; while the origin endpoint exists, MediaPackage
    /// keeps its channel. What is null is read as usual.
    /// </summary>
    public async Task<RememberedReads> RememberedAsync(StreamPass pass, AwsResources ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(ids);
        var now = pass.Now;
        if (provisionedStreams.Find(pass.Stream) is not { } last
            || last.Generation != pass.Stream.Metadata.Generation
            || last.Rotation != pass.RotationAsked
            || now - last.At >= options.FullCheckInterval
            || last.SecurityGroup?.Id != ids.InputSecurityGroupId
            || last.Input.Id != ids.InputId
            || last.PackageChannel.Id != ids.PackageChannelId)
        {
            return new RememberedReads(now);
        }

        var channel = ids.ChannelId is null ? null : await aws.Channels.ReadOneAsync(ids.ChannelId, pass.Identity, cancellationToken);
        var input = channel?.Resource is not null && last.Input.State != InputState.Creating
            ? Observed.Found(last.Input)
            : await aws.Inputs.ReadOneAsync(ids.InputId, pass.Identity, cancellationToken);
        var endpoint = await aws.PackageEndpoints.ReadOneAsync(ids.PackageEndpointId, pass.Identity, cancellationToken);
        var group = input.Resource is not null && last.SecurityGroup is { } known ? Observed.Found(known) : null;
        var package = endpoint.Resource is not null ? Observed.Found(last.PackageChannel) : null;

        // What is vouched for was last read when the memory was made; the next full read is due from then.
        return new RememberedReads(group is null && package is null ? now : last.At, channel, input, group, package, endpoint);
    }

    /// <summary>What this pass found of the resources AWS keeps while they are used, for the next pass of the same spec.</summary>
    public void RecordProvisioned(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var pipeline = pass.Pipeline;
        provisionedStreams.Record(pass.Stream, new ProvisionedResources(pass.Stream.Metadata.Generation, pass.RotationAsked, pipeline.Remembered.At, pipeline.SecurityGroup, pipeline.Input!, pipeline.Package!));
    }

    /// <summary>The input changed (a new key): the next pass reads it again.</summary>
    public void ForgetProvisioned(LiveStream stream) => provisionedStreams.Forget(stream);

    /// <summary>The stream is where its spec asks, with nothing waiting: its next resyncs may be quick ones.</summary>
    public void RecordSettled(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Draft.Status.Phase is LiveStreamPhase.Running or LiveStreamPhase.Idle
            && ConditionList.Find(pass.Draft.Status.Conditions, LiveStreamConditions.UpdatePending) is not { Status: ConditionStatus.True })
        {
            settledStreams.Record(pass.Stream, new SettledCheck(pass.Stream.Metadata.Generation, pass.RotationAsked, pass.Now, pass.Pipeline.Endpoint));
        }
    }

    /// <summary>A deleted stream is remembered no more.</summary>
    public void Forget(LiveStream stream)
    {
        settledStreams.Forget(stream);
        provisionedStreams.Forget(stream);
    }
}
