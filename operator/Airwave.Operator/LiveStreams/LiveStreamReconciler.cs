using System.Security.Cryptography;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaLive;
using Airwave.Aws.Sts;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Kubernetes.Status;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.LiveStreams.Transcoding;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Resources;
using Airwave.Operator.Status;
using Microsoft.Extensions.Logging;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Makes a LiveStream's AWS pipeline match its spec, one step per call: provision what is missing (input
/// security group, input, MediaPackage channel and endpoint, channel), start or stop the channel as
/// spec.state asks, recording a session per start, put the stream on or off the live distribution, and
/// report it all in status. Deletion is <see cref="LiveStreamTeardown"/>'s job.
/// </summary>
public sealed partial class LiveStreamReconciler(
    ReconcilerBasics basics,
    LiveStreamAws aws,
    IngestSecret ingestSecret,
    LiveStreamTeardown teardown,
    IEventPublisher publisher,
    LiveStreamMetrics metrics,
    RunningChannelQuota quota,
    SettledStreams settledStreams,
    ProvisionedStreams provisionedStreams,
    SfuWorkload sfuWorkload,
    SfuPodLoad sfuLoad,
    ConnectorWorkload connectorWorkload,
    IStsClient sts,
    InstallationName installation,
    OperatorOptions options,
    ILogger<LiveStreamReconciler> logger) : ResourceReconciler<LiveStream, LiveStreamSpec, LiveStreamStatus>(basics, logger)
{
    /// <summary>
    /// How long a spec AWS refused waits before it is tried again unchanged: long, since only a change of the spec
    /// (or of something outside it, such as an account quota) can help; short enough that such an outside fix is
    /// picked up without a touch.
    /// </summary>
    public static readonly TimeSpan RejectedRetry = TimeSpan.FromMinutes(10);

    /// <summary>How often, at most, a stream whose Secret name is taken looks again (Secrets are not watched).</summary>
    public static readonly TimeSpan ForeignSecretRetry = TimeSpan.FromMinutes(1);

    private const string AwsRejected = "AwsRejected";
    private const string SecretConflict = "SecretConflict";

    protected override ResourceType Type => AirwaveResources.LiveStreams;

    protected override string Finalizer => "media.airwave.dev/aws-resources";

    protected override Task<ReconcileResult?> PreflightAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken) =>
        Task.FromResult(StalledFor(stream) is { } wait ? ReconcileResult.After(wait) : null);

    protected override async Task FinalizerAddedAsync(LiveStream stream, CancellationToken cancellationToken) =>
        await PublishAsync(stream, stream.Status, EventTypes.StreamCreated, "", null, cancellationToken);

    protected override async Task<ReconcileResult> ReconcileStepsAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var identity = StreamIdentity.Of(stream, await installation.ForAsync(stream, cancellationToken));
        draft.Update(s => s with { Phase = s.Phase ?? LiveStreamPhase.Pending, Cluster = identity.Cluster, Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.Stalled) });
        var created = new CreatedResources();
        try
        {
            return await ReconcileSpecAsync(stream, identity, draft, created, cancellationToken);
        }
        catch (SecretNotReplaceableException e)
        {
            return await RefuseForeignSecretAsync(stream, e, draft, cancellationToken);
        }
        finally
        {
            // What was made is said even when a later step failed: it exists now.
            if (created.Note is { } note)
            {
                await RecordAsync(stream, EventType.Normal, "Created", "Create", note, cancellationToken);
            }
        }
    }

    protected override Rejection? Rejects(Exception error) =>
        error is AwsServiceException { IsRetryable: false } and (AwsBadRequestException or AwsUnprocessableEntityException)
            ? new Rejection(AwsRejected, $"AWS refused a request for this stream: {error.Message}", RejectedRetry)
            : null;

    /// <summary>AWS refused what this spec asks for: the same request would be refused again, so it waits for a change.</summary>
    protected override void Rejected(StatusDraft<LiveStreamStatus> draft, Rejection rejection)
    {
        Fail(draft, rejection.Reason, rejection.Message);
        draft.Condition(LiveStreamConditions.Stalled, true, rejection.Reason, rejection.Message);
    }

    protected override string? PhaseOf(LiveStreamStatus? status) => status?.Phase?.ToString();

    protected override async Task PhaseChangedAsync(LiveStream stream, LiveStreamStatus status, CancellationToken cancellationToken)
    {
        if (status.Phase == LiveStreamPhase.Running && status.Sessions.Count == 1 && status.LastStopped is null)
        {
            metrics.FirstRunning(stream, Time.GetUtcNow());
        }

        if (status.Phase == LiveStreamPhase.Failed)
        {
            await PublishAsync(stream, status, EventTypes.StreamFailed, Generation(stream), status.CurrentSessionId, cancellationToken);
        }
    }

    protected override async Task<TimeSpan?> TeardownAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        quota.Release(stream);
        settledStreams.Forget(stream);
        provisionedStreams.Forget(stream);
        ingestSecret.Forget(stream);
        sfuWorkload.Forget(stream);
        return await teardown.RunAsync(stream, StreamIdentity.Of(stream, await installation.ForAsync(stream, cancellationToken)), cancellationToken);
    }

    private async Task<ReconcileResult> ReconcileSpecAsync(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, CreatedResources created, CancellationToken cancellationToken)
    {
        var spec = stream.Spec;
        if (Unsupported(stream) is { } problem)
        {
            Fail(draft, problem.Reason, problem.Message);
            await RecordAsync(stream, EventType.Warning, problem.Reason, "Validate", problem.Message, cancellationToken);
            return ReconcileResult.Done;
        }

        if (spec.Source.Type == SourceType.Chime)
        {
            var channelPass = RunsOnIvs(stream)
                ? await ReconcileIvsChannelAsync(stream, identity, draft, cancellationToken)
                : await ReconcileChannelAsync(stream, identity, draft, created, cancellationToken);
            return await ReconcileChimeAsync(stream, draft, channelPass, cancellationToken);
        }

        if (spec.Source.Type == SourceType.S3Upload)
        {
            return await ReconcileUploadAsync(stream, identity, draft, cancellationToken);
        }

        if (spec.Source.Type != SourceType.WebRtc)
        {
            return await ReconcileChannelAsync(stream, identity, draft, created, cancellationToken);
        }

        return HasChannel(stream)
            ? await ReconcileRecordedWebRtcAsync(stream, draft, await ReconcileChannelAsync(stream, identity, draft, created, cancellationToken), cancellationToken)
            : await ReconcileWebRtcAsync(stream, draft, cancellationToken);
    }

    /// <summary>The stream's AWS pipeline: an input its encoder (or its SFU pods) push to, packaging, and the channel between them.</summary>
    private async Task<ReconcileResult> ReconcileChannelAsync(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, CreatedResources created, CancellationToken cancellationToken)
    {
        var spec = stream.Spec;

        // A pulled stream has no one pushing to it: no ingest URLs, no key, no Secret (one of its name is left alone).
        var pulled = spec.Source.Pull;
        if (await QuickResyncAsync(stream, identity, draft, cancellationToken) is { } quick)
        {
            return quick;
        }

        var transition = InTransition(stream);
        settledStreams.Forget(stream);
        var ids = draft.Status.Aws ?? new AwsResources();
        var secret = pulled is null ? ingestSecret.Written(stream) : null;
        if (secret is null && ids.InputId is null && pulled is null)
        {
            // The key is stored before AWS sees it, so a stream that may not write its Secret (no right to, or one
            // of its name that is not the stream's) fails here, having made nothing.
            secret = (await ingestSecret.WriteAsync(stream, new Dictionary<string, string> { [IngestSecret.StreamKey] = IngestSecret.NewKey() }, verify: true, cancellationToken)).Secret;
        }

        // A WebRtc or Chime stream's input takes its SFU or connector pods' pushes, from the cluster's addresses.
        var cidrs = spec.Source.Type is SourceType.WebRtc or SourceType.Chime
            ? options.Sfu.EgressCidrs ?? options.IngestCidrsFor(null)
            : options.IngestCidrsFor(spec.Source.RtmpPush?.AllowedCidrs);
        var remembered = await RememberedReadsAsync(stream, identity, ids, draft.Now, cancellationToken);

        // A pulled input takes no connections, so it has no security group.
        var group = pulled is null ? await EnsureSecurityGroupAsync(stream, identity, ids, remembered, cidrs, created, cancellationToken) : null;
        ids = ids with { InputSecurityGroupId = group?.Id };
        var foundInput = remembered.Input ?? await aws.Inputs.ReadOneAsync(ids.InputId, identity, cancellationToken);
        var input = foundInput.Resource;
        var keyRotation = draft.Status.Ingest?.KeyRotation;
        if (input is null)
        {
            // The Secret's key: a new one for a new stream (which also answers a rotation the stream was applied with),
            // the one encoders already use when an input vanished and is made again.
            var streamKey = secret?.GetString(IngestSecret.StreamKey) ?? IngestSecret.NewKey();
            if (!foundInput.WentMissing)
            {
                keyRotation = RotationAsked(stream) ?? keyRotation;
            }

            var pipelines = spec.Encoding.ChannelClass == Api.LiveStreams.ChannelClass.Standard ? 2 : 1;
            var replacing = foundInput.WentMissing ? ids.InputId : null;
            input = pulled is not null
                ? await aws.Inputs.CreatePullAsync(identity, pulled.Url, pipelines, replacing, cancellationToken)
                : await aws.Inputs.CreateAsync(identity, group!.Id, IngestSecret.StreamNames(pipelines, streamKey), replacing, cancellationToken);
            await CreatedAsync(stream, created, "input", input.Id, foundInput.WentMissing, cancellationToken);
        }

        ids = ids with { InputId = input.Id };
        draft.Update(s => s with { Aws = ids, Ingest = pulled is null ? IngestOf(stream, input, keyRotation) : null });
        // Alerts are raised by a running channel: looked for once the stream was seen Running.
        var problem = draft.Status.Phase == LiveStreamPhase.Running && ids.ChannelId is { } channelId ? await InputProblemAsync(stream, input.Id, channelId, cancellationToken) : null;
        if (problem is not null)
        {
            draft.Condition(LiveStreamConditions.InputReady, false, problem.Reason, problem.Message);
        }
        else
        {
            draft.Condition(
                LiveStreamConditions.InputReady,
                input.State != InputState.Creating,
                input.State == InputState.Creating ? "Creating" : "Created",
                input.State == InputState.Creating ? $"Input {input.Id} is being created." : $"Input {input.Id} is ready.");
        }

        await ReportInputChangeAsync(stream, input.Id, problem, cancellationToken);

        var foundPackage = remembered.PackageChannel ?? await aws.PackageChannels.ReadOneAsync(ids.PackageChannelId, identity, cancellationToken);
        var package = foundPackage.Resource;
        if (package is null)
        {
            package = await aws.PackageChannels.CreateAsync(identity, spec.Description, cancellationToken);
            await CreatedAsync(stream, created, "MediaPackage channel", package.Id, foundPackage.WentMissing, cancellationToken);
        }

        var foundEndpoint = remembered.Endpoint ?? await aws.PackageEndpoints.ReadOneAsync(ids.PackageEndpointId, identity, cancellationToken);
        var endpoint = foundEndpoint.Resource;
        if (endpoint is null)
        {
            endpoint = await aws.PackageEndpoints.CreateAsync(identity, spec.Playback, cancellationToken);
            await CreatedAsync(stream, created, "MediaPackage endpoint", endpoint.Id, foundEndpoint.WentMissing, cancellationToken);
        }
        else if (aws.PackageEndpoints.Delta(endpoint, identity, spec.Playback, SpecChanged(stream)) is { NeedsUpdate: true } endpointDelta)
        {
            await aws.PackageEndpoints.UpdateAsync(endpoint, identity, spec.Playback, cancellationToken);
            await ReportUpdateAsync(stream, $"MediaPackage endpoint {endpoint.Id}", endpointDelta, $"Start-over window and encryption of endpoint {endpoint.Id} updated", cancellationToken);
        }

        ids = ids with { PackageChannelId = package.Id, PackageEndpointId = endpoint.Id };

        draft.Update(s => s with { Aws = ids, Playback = new PlaybackStatus { Url = endpoint.Url, LiveUrl = s.Playback?.LiveUrl } });
        draft.Condition(LiveStreamConditions.PackagingReady, true, "Created", $"MediaPackage channel {package.Id} serves {endpoint.Url}.");
        if (options.Speke.Encrypts(spec.Playback.Encryption))
        {
            // What the operator knows is the endpoint's configuration; it does not read the playlists for keys, so
            // it does not claim they are encrypted.
            draft.Condition(LiveStreamConditions.Encrypted, ConditionStatus.Unknown, "KeyProviderConfigured", $"MediaPackage endpoint {endpoint.Id} is configured to encrypt HLS playback with keys from the key provider at {options.Speke.Url}; the operator does not check the playlists for keys.");
        }
        else if (spec.Playback.Encryption.Enabled == false)
        {
            draft.Condition(LiveStreamConditions.Encrypted, false, "Disabled", "HLS playback is not encrypted: spec.playback.encryption.enabled is false.");
        }
        else
        {
            draft.Condition(LiveStreamConditions.Encrypted, false, "NoKeyProvider", "HLS playback is not encrypted: the operator has no key provider configured (its speke.url and speke.roleArn settings).");
        }

        if (pulled is null)
        {
            await WriteIngestSecretAsync(stream, await ingestSecret.ValuesAsync(stream, input, package, cancellationToken), input.Id, verify: !transition, cancellationToken);
        }

        provisionedStreams.Record(stream, new ProvisionedResources(stream.Metadata.Generation, RotationAsked(stream), remembered.At, group, input, package));

        if (input.State == InputState.Creating)
        {
            draft.Update(s => s with { Phase = LiveStreamPhase.Provisioning });
            return ReconcileResult.After(options.PollInterval);
        }

        // A channel's pipeline count is fixed by its input; until the stream is re-created, keep planning for what exists.
        var effective = stream with { Spec = spec with { Encoding = spec.Encoding with { ChannelClass = InputChannelClass(input) } } };
        var channel = await EnsureChannelAsync(effective, identity, input, package.Id, remembered.Channel, draft, created, cancellationToken);
        if (channel is null)
        {
            return ReconcileResult.After(options.PollInterval);
        }

        draft.Update(s => s with { Aws = s.Aws! with { ChannelId = channel.Id } });
        var settled = await DriveChannelAsync(effective, channel, input, package, problem, draft, cancellationToken);
        await ReportReplacementNeedsAsync(stream, input, draft, cancellationToken);
        await ReconcileLiveAsync(stream, identity, (distribution, ct) => aws.LiveDistribution.AddAsync(distribution, identity, endpoint, ct), draft, cancellationToken);
        if (!settled)
        {
            return ReconcileResult.After(options.PollInterval);
        }

        if (draft.Status.Phase is LiveStreamPhase.Running or LiveStreamPhase.Idle
            && ConditionList.Find(draft.Status.Conditions, LiveStreamConditions.UpdatePending) is not { Status: ConditionStatus.True })
        {
            settledStreams.Record(stream, new SettledCheck(stream.Metadata.Generation, RotationAsked(stream), draft.Now));
        }

        // A running pulled stream depends on a source someone else serves: whether the channel can read it is looked
        // at more often than the resync repairs drift.
        return pulled is not null && draft.Status.Phase == LiveStreamPhase.Running
            ? ReconcileResult.After(options.PullSourceCheckInterval < options.ResyncInterval ? options.PullSourceCheckInterval : options.ResyncInterval)
            : ReconcileResult.After(options.ResyncInterval);
    }

    /// <summary>
    /// What the channel's alerts say is wrong with the stream's input (see <see cref="InputProblem"/>); null when
    /// nothing is, or the channel is gone. Only a pulled or RtmpPush stream's alerts are read.
    /// </summary>
    private async Task<InputProblem?> InputProblemAsync(LiveStream stream, string inputId, string channelId, CancellationToken cancellationToken)
    {
        if (stream.Spec.Source.Type is not (SourceType.Pull or SourceType.RtmpPush))
        {
            return null;
        }

        try
        {
            return InputProblem.Find(stream, inputId, await aws.Channels.SetAlertsAsync(channelId, cancellationToken));
        }
        catch (AwsNotFoundException)
        {
            // Deleted outside Airwave: this pass finds it missing and makes it again.
            return null;
        }
    }

    /// <summary>An Event when the input's problem starts, and when it is over.</summary>
    private async Task ReportInputChangeAsync(LiveStream stream, string inputId, InputProblem? problem, CancellationToken cancellationToken)
    {
        var lastReason = ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.InputReady)?.Reason;
        if (problem is not null && problem.Reason != lastReason)
        {
            await RecordAsync(stream, EventType.Warning, problem.Reason, "Ingest", problem.Warning, cancellationToken);
        }
        else if (problem is null && InputProblem.Recovery(stream, inputId, lastReason) is { } recovery)
        {
            await RecordAsync(stream, EventType.Normal, recovery.Reason, "Ingest", recovery.Message, cancellationToken);
        }
    }

    /// <summary>The input's security group, made or brought to the CIDRs the stream allows.</summary>
    private async Task<InputSecurityGroup> EnsureSecurityGroupAsync(LiveStream stream, StreamIdentity identity, AwsResources ids, RememberedReads remembered, IReadOnlyList<string> cidrs, CreatedResources created, CancellationToken cancellationToken)
    {
        var found = remembered.SecurityGroup ?? await aws.SecurityGroups.ReadOneAsync(ids.InputSecurityGroupId, identity, cancellationToken);
        if (found.Resource is not { } group)
        {
            group = await aws.SecurityGroups.CreateAsync(identity, cidrs, cancellationToken);
            await CreatedAsync(stream, created, "input security group", group.Id, found.WentMissing, cancellationToken);
            return group;
        }

        if (InputSecurityGroupManager.Delta(group, cidrs, SpecChanged(stream)) is not { NeedsUpdate: true } delta)
        {
            return group;
        }

        var updated = await aws.SecurityGroups.UpdateAsync(group, cidrs, cancellationToken);
        await ReportUpdateAsync(stream, $"input security group {updated.Id}", delta, $"Allowed CIDRs of input security group {updated.Id} set to {string.Join(", ", cidrs)}", cancellationToken);
        return updated;
    }

    /// <summary>
    /// The resync of a stream that has settled as asked (see <see cref="SettledStreams"/>): reads the channel (and a
    /// running one's alerts), the origin endpoint and the live distribution, and changes nothing unless they moved. Null when a full reconcile
    /// is due: anything about the stream changed, something moved, or the last full one is too old.
    /// </summary>
    private async Task<ReconcileResult?> QuickResyncAsync(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        // A WebRtc stream's SFU pods, a Chime stream's connector and a pulled stream's source are looked at on every
        // pass, which sets the phase from the channel first.
        if (stream.Spec.Source.Type is SourceType.WebRtc or SourceType.Chime or SourceType.Pull
            || settledStreams.Find(stream) is not { } check
            || check.Generation != stream.Metadata.Generation
            || check.Rotation != RotationAsked(stream)
            || draft.Now - check.At >= options.FullCheckInterval
            || draft.Status.Aws is not { ChannelId: { } channelId, PackageEndpointId: { } endpointId })
        {
            return null;
        }

        // What the last full pass wrote is written again, on the condition that it is still there: an edit or a
        // deletion made meanwhile is undone now, and said. (A pulled stream has no Secret, and no quick resync.)
        if (await ingestSecret.WriteAgainAsync(stream, cancellationToken) is not { } again)
        {
            return null;
        }

        await ReportRestoredAsync(stream, again, draft.Status.Aws.InputId, cancellationToken);

        var channel = (await aws.Channels.ReadOneAsync(channelId, identity, cancellationToken)).Resource;
        var wanted = stream.Spec.State == StreamState.Running ? ChannelState.Running : ChannelState.Idle;
        if (channel?.State != wanted)
        {
            return null;
        }

        // A refused push, or the end of one, is the user's to see soon: a full pass reports it.
        var reported = ConditionList.Find(draft.Status.Conditions, LiveStreamConditions.InputReady)?.Reason == LiveStreamConditions.PushRefused;
        if (wanted == ChannelState.Running && draft.Status.Aws.InputId is { } inputId
            && (await InputProblemAsync(stream, inputId, channelId, cancellationToken) is not null) != reported)
        {
            return null;
        }

        var endpoint = (await aws.PackageEndpoints.ReadOneAsync(endpointId, identity, cancellationToken)).Resource;
        if (endpoint is null)
        {
            return null;
        }

        await ReconcileLiveAsync(stream, identity, (distribution, ct) => aws.LiveDistribution.AddAsync(distribution, identity, endpoint, ct), draft, cancellationToken);
        return ReconcileResult.After(options.ResyncInterval);
    }

    /// <summary>
    /// The reads a pass can spare, from what the last full pass found (<see cref="ProvisionedStreams"/>): the channel
    /// is read first, and while it exists MediaLive keeps its input, and the input its security group; while the origin
    /// endpoint exists, MediaPackage keeps its channel. What is null is read as usual.
    /// </summary>
    private async Task<RememberedReads> RememberedReadsAsync(LiveStream stream, StreamIdentity identity, AwsResources ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (provisionedStreams.Find(stream) is not { } last
            || last.Generation != stream.Metadata.Generation
            || last.Rotation != RotationAsked(stream)
            || now - last.At >= options.FullCheckInterval
            || last.SecurityGroup?.Id != ids.InputSecurityGroupId
            || last.Input.Id != ids.InputId
            || last.PackageChannel.Id != ids.PackageChannelId)
        {
            return new RememberedReads(now);
        }

        var channel = ids.ChannelId is null ? null : await aws.Channels.ReadOneAsync(ids.ChannelId, identity, cancellationToken);
        var input = channel?.Resource is not null && last.Input.State != InputState.Creating
            ? Observed.Found(last.Input)
            : await aws.Inputs.ReadOneAsync(ids.InputId, identity, cancellationToken);
        var endpoint = await aws.PackageEndpoints.ReadOneAsync(ids.PackageEndpointId, identity, cancellationToken);
        var group = input.Resource is not null && last.SecurityGroup is { } known ? Observed.Found(known) : null;
        var package = endpoint.Resource is not null ? Observed.Found(last.PackageChannel) : null;

        // What is vouched for was last read when the memory was made; the next full read is due from then.
        return new RememberedReads(group is null && package is null ? now : last.At, channel, input, group, package, endpoint);
    }

    /// <summary>
    /// Whether this is a pass of a transition (the stream is not settled, so it is looked at again within the poll
    /// interval) after a pass of the same spec: it writes the ingest Secret only when what it should hold changed,
    /// so a new stream writes it about twice on the way to Running instead of once a pass. A settled stream's resync
    /// writes it on the condition that it is as last written, so an edit made meanwhile is found and undone then.
    /// </summary>
    private bool InTransition(LiveStream stream) =>
        settledStreams.Find(stream) is null
        && provisionedStreams.Find(stream) is { } last
        && last.Generation == stream.Metadata.Generation
        && last.Rotation == RotationAsked(stream);

    /// <summary>Finds (unless this pass already read it) or creates the channel; null while it is still being created.</summary>
    private async Task<Channel?> EnsureChannelAsync(LiveStream stream, StreamIdentity identity, Input input, string packageChannelId, Observed<Channel>? alreadyRead, StatusDraft<LiveStreamStatus> draft, CreatedResources created, CancellationToken cancellationToken)
    {
        var ids = draft.Status.Aws!;
        var found = alreadyRead ?? await aws.Channels.ReadOneAsync(ids.ChannelId, identity, cancellationToken);
        var channel = found.Resource;
        if (channel is null)
        {
            var archive = NewArchiveLocation(stream, draft.Status.Sessions);
            var plan = ChannelManager.Plan(stream.Spec, input.Id, packageChannelId, archive?.DestinationUrl, options.MediaLiveRoleArn);
            channel = await aws.Channels.CreateAsync(plan, identity, found.WentMissing ? ids.ChannelId : null, cancellationToken);
            await CreatedAsync(stream, created, "channel", channel.Id, found.WentMissing, cancellationToken);
        }

        draft.Update(s => s with { Aws = s.Aws! with { ChannelId = channel.Id } });
        switch (channel.State)
        {
            case ChannelState.Creating:
                draft.Update(s => s with { Phase = LiveStreamPhase.Provisioning });
                draft.Condition(LiveStreamConditions.ChannelReady, false, "Creating", $"Channel {channel.Id} is being created.");
                draft.Condition(ConditionTypes.Ready, false, "Provisioning", "Waiting for the MediaLive channel to be created.");
                return null;
            case ChannelState.Unknown:
                // A state MediaLive added after this build: wait for one the operator knows rather than guess.
                draft.Condition(LiveStreamConditions.ChannelReady, false, "UnknownState", $"Channel {channel.Id} is in a state this version of the operator does not know; waiting for it to change.");
                return null;
            case ChannelState.CreateFailed or ChannelState.UpdateFailed:
                Fail(draft, "ChannelFailed", $"MediaLive channel {channel.Id} is {channel.State}; check its settings in the MediaLive console, then delete and re-create the LiveStream.");
                draft.Condition(LiveStreamConditions.ChannelReady, false, channel.State.ToString(), $"Channel {channel.Id} is {channel.State}.");
                return null;
            default:
                draft.Condition(LiveStreamConditions.ChannelReady, true, "Created", $"Channel {channel.Id} is {channel.State}.");
                if (stream.Status?.Phase is null or LiveStreamPhase.Pending or LiveStreamPhase.Provisioning)
                {
                    Announce(stream, draft, EventTypes.StreamProvisioned, channel.Id, null);
                }

                return channel;
        }
    }

    /// <summary>Starts or stops the channel as spec.state asks; returns whether it has settled where asked.</summary>
    /// <param name="problem">What the channel's alerts say is wrong with the input.</param>
    private async Task<bool> DriveChannelAsync(LiveStream stream, Channel channel, Input input, PackageChannel package, InputProblem? problem, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var (inputId, packageChannelId) = (input.Id, package.Id);
        if (channel.State == ChannelState.Idle && RotationAsked(stream) is { } rotation && rotation != draft.Status.Ingest?.KeyRotation)
        {
            await RotateStreamKeyAsync(stream, input, package, rotation, draft, cancellationToken);
        }

        var wantRunning = stream.Spec.State == StreamState.Running;
        var currentArchive = ArchiveLocation.DisplayPathOf(ChannelSettings.ArchivePrefix(channel.Destinations));
        switch (channel.State)
        {
            case ChannelState.Idle when wantRunning && !quota.TryTake(stream, out var taken):
                await EndSessionAsync(stream, draft, cancellationToken);
                await WaitForSlotAsync(stream, taken, draft, cancellationToken);
                return true;
            case ChannelState.Idle when wantRunning:
                await StartSessionAsync(stream, channel, inputId, packageChannelId, draft, cancellationToken);
                return false;
            case ChannelState.Idle:
                quota.Release(stream);
                await EndSessionAsync(stream, draft, cancellationToken);
                var idlePlan = ChannelManager.Plan(stream.Spec, inputId, packageChannelId, ArchiveDestinationOf(channel), options.MediaLiveRoleArn);
                if (ChannelManager.Delta(channel, idlePlan) is { NeedsUpdate: true } delta)
                {
                    await UpdateChannelAsync(stream, channel, idlePlan, delta, cancellationToken);
                }

                draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
                draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to start it.");
                draft.Condition(LiveStreamConditions.UpdatePending, false, "UpToDate", "The channel matches the spec.");
                return true;
            case ChannelState.Starting or ChannelState.Running or ChannelState.Recovering when !wantRunning:
                await aws.Channels.StopAsync(channel.Id, cancellationToken);
                await RecordAsync(stream, EventType.Normal, "Stopping", "Stop", $"Stopping channel {channel.Id}", cancellationToken);
                Transition(draft, LiveStreamPhase.Stopping, "Stopping", "Waiting for the channel to stop.");
                return false;
            case ChannelState.Running:
                await AdoptSessionAsync(stream, currentArchive, draft, cancellationToken);
                draft.Update(s => s with { Phase = LiveStreamPhase.Running });
                if (problem is { NoMedia: true })
                {
                    // The channel runs (and is billed) but has nothing to play: Running, not Ready.
                    draft.Condition(ConditionTypes.Ready, false, problem.Reason, $"The channel is running but has no media: {problem.Message}");
                }
                else
                {
                    draft.Condition(ConditionTypes.Ready, true, "Running", stream.Spec.Source.Pull is { } pulled
                        ? $"The channel is running and pulls {pulled.Url}."
                        : "The channel is running; push to the ingest URLs in the Secret.");
                }

                var runningPlan = ChannelManager.Plan(stream.Spec, inputId, packageChannelId, ArchiveDestinationOf(channel), options.MediaLiveRoleArn);
                var waiting = new List<string>();
                var runningDelta = ChannelManager.Delta(channel, runningPlan);
                if (runningDelta.IsDrift)
                {
                    waiting.Add($"The channel was changed outside Airwave ({runningDelta.Describe()}); it is set back when the stream next stops: MediaLive cannot update a running channel.");
                }
                else if (runningDelta.NeedsUpdate)
                {
                    waiting.Add("Encoding and archive changes apply when the stream next starts: MediaLive cannot update a running channel.");
                }

                if (RotationAsked(stream) is { } asked && asked != draft.Status.Ingest?.KeyRotation)
                {
                    waiting.Add("The stream key is rotated when the stream next stops: MediaLive cannot change the input of a running channel.");
                }

                if (waiting.Count > 0)
                {
                    draft.Condition(LiveStreamConditions.UpdatePending, true, "ChannelRunning", string.Join(" ", waiting));
                }
                else
                {
                    draft.Condition(LiveStreamConditions.UpdatePending, false, "UpToDate", "The channel matches the spec.");
                }

                return true;
            case ChannelState.Starting or ChannelState.Recovering:
                await AdoptSessionAsync(stream, currentArchive, draft, cancellationToken);
                Transition(draft, LiveStreamPhase.Starting, "Starting", $"Waiting for the channel to start ({channel.State}).");
                return false;
            case ChannelState.Stopping:
                Transition(draft, LiveStreamPhase.Stopping, "Stopping", "Waiting for the channel to stop.");
                return false;
            case ChannelState.Updating:
                Transition(draft, wantRunning ? LiveStreamPhase.Starting : LiveStreamPhase.Idle, "Updating", "Waiting for MediaLive to apply the channel's new settings.");
                return false;
            default:
                Transition(draft, LiveStreamPhase.Provisioning, channel.State.ToString(), $"Waiting for the channel ({channel.State}).");
                return false;
        }
    }

    /// <summary>Applies the plan to the idle channel, and says what that was, unless it is part of a start.</summary>
    private async Task UpdateChannelAsync(LiveStream stream, Channel channel, ChannelPlan plan, ResourceDelta delta, CancellationToken cancellationToken, bool starting = false)
    {
        await aws.Channels.UpdateAsync(channel, plan, cancellationToken);
        if (delta.IsDrift || !starting)
        {
            await ReportUpdateAsync(stream, $"channel {channel.Id}", delta, $"Channel {channel.Id} updated to the new encoding settings", cancellationToken);
        }
    }

    /// <summary>
    /// Says an update made in place as what it was: the spec's change applied (<paramref name="updated"/>), or a change
    /// made outside Airwave set back, naming the fields it had changed.
    /// </summary>
    private Task ReportUpdateAsync(LiveStream stream, string what, ResourceDelta delta, string updated, CancellationToken cancellationToken) =>
        delta.IsDrift
            ? RecordDriftRevertedAsync(stream, what, delta.Describe(), cancellationToken)
            : RecordAsync(stream, EventType.Normal, "Updated", "Update", updated, cancellationToken);

    private Task RecordDriftRevertedAsync(LiveStream stream, string what, string fields, CancellationToken cancellationToken) =>
        RecordAsync(stream, EventType.Warning, "DriftReverted", "Update", $"The {what} was changed outside Airwave ({fields}); it is set back to the spec's settings", cancellationToken);

    /// <summary>
    /// Whether the spec changed since the stream was last reconciled, or a change of it still waits to be applied
    /// (UpdatePending): a resource that differs from a spec that did neither was changed outside Airwave.
    /// </summary>
    private static bool SpecChanged(LiveStream stream) =>
        stream.Status?.ObservedGeneration != stream.Metadata.Generation
        || ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.UpdatePending) is { Status: ConditionStatus.True };

    /// <summary>
    /// Starts a new session. Each session records to its own archive prefix, and a channel's destinations can only
    /// change while it is idle, so a channel whose prefix an earlier session used is first updated to a fresh
    /// prefix (MediaLive answers UPDATING, then IDLE) and started on a later pass. Pending spec changes ride along.
    /// </summary>
    private async Task StartSessionAsync(LiveStream stream, Channel channel, string inputId, string packageChannelId, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        await EndSessionAsync(stream, draft, cancellationToken);
        var archivePath = ArchiveLocation.DisplayPathOf(ArchiveDestinationOf(channel));
        var fresh = !stream.Spec.Archive.Enabled || (archivePath is not null && draft.Status.Sessions.All(s => s.ArchivePath != archivePath));
        var destination = fresh ? ArchiveDestinationOf(channel) : NewArchiveLocation(stream, draft.Status.Sessions)?.DestinationUrl;
        var plan = ChannelManager.Plan(stream.Spec, inputId, packageChannelId, destination, options.MediaLiveRoleArn);
        Transition(draft, LiveStreamPhase.Starting, "Starting", "Waiting for the channel to start.");
        if (ChannelManager.Delta(channel, plan) is var delta && (!fresh || delta.NeedsUpdate))
        {
            await UpdateChannelAsync(stream, channel, plan, delta, cancellationToken, starting: true);
            return;
        }

        if (!await aws.Channels.StartAsync(channel.Id, cancellationToken))
        {
            return;
        }

        var session = new StreamSession { Id = NewSessionId(), StartedAt = draft.Now, ArchivePath = archivePath };
        draft.Update(s => s with { CurrentSessionId = session.Id, Sessions = WithSession(s.Sessions, session), LastStarted = draft.Now });
        draft.Condition(LiveStreamConditions.UpdatePending, false, "UpToDate", "The channel matches the spec.");
        var where = archivePath is null ? "without an archive" : $"recording to {archivePath}";
        await RecordAsync(stream, EventType.Normal, "Started", "Start", $"Started channel {channel.Id}: session {session.Id} {where}", cancellationToken);
        Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
    }

    /// <summary>
    /// Over the namespace's limit of running channels the stream stays idle, saying so; it is reconciled again as soon
    /// as a stream of its namespace stops (<see cref="RequeueWhenSlotFrees"/>), or at the next resync.
    /// </summary>
    private async Task WaitForSlotAsync(LiveStream stream, int taken, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var message = $"Namespace {stream.Metadata.Namespace} already has {taken} running channels, the most this installation allows per namespace (maxRunningChannelsPerNamespace {quota.Limit}); the stream starts when one of them stops.";
        var before = ConditionList.Find(stream.Status?.Conditions, ConditionTypes.Ready);
        draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
        draft.Condition(ConditionTypes.Ready, false, RequeueWhenSlotFrees.WaitingReason, message);
        if (before?.Reason != RequeueWhenSlotFrees.WaitingReason)
        {
            await RecordAsync(stream, EventType.Warning, RequeueWhenSlotFrees.WaitingReason, "Start", message, cancellationToken);
        }
    }

    /// <summary>A running channel with no session in status (the start's status write was lost): record it now.</summary>
    private async Task AdoptSessionAsync(LiveStream stream, string? archivePath, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        if (draft.Status.CurrentSessionId is not null)
        {
            return;
        }

        var session = new StreamSession { Id = NewSessionId(), StartedAt = draft.Now, ArchivePath = archivePath };
        draft.Update(s => s with { CurrentSessionId = session.Id, Sessions = WithSession(s.Sessions, session), LastStarted = draft.Now });
        await RecordAsync(stream, EventType.Normal, "SessionRecorded", "Start", $"Channel was already running; recorded it as session {session.Id}", cancellationToken);
        Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
    }

    /// <summary>The sessions with a new one last, keeping the newest <see cref="LiveStreamStatus.MaxSessions"/>; older ones live on in the downstream events.</summary>
    private static IReadOnlyList<StreamSession> WithSession(IReadOnlyList<StreamSession> sessions, StreamSession session) =>
        [.. sessions.Append(session).TakeLast(LiveStreamStatus.MaxSessions)];

    private async Task EndSessionAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        if (draft.Status.CurrentSessionId is not { } current)
        {
            return;
        }

        draft.Update(s => s with
        {
            CurrentSessionId = null,
            LastStopped = draft.Now,
            Sessions = [.. s.Sessions.Select(x => x.Id == current && x.StoppedAt is null ? x with { StoppedAt = draft.Now } : x)],
        });
        await RecordAsync(stream, EventType.Normal, "Stopped", "Stop", $"Session {current} ended", cancellationToken);
        Announce(stream, draft, EventTypes.StreamStopped, current, current);
    }

    /// <summary>Puts the stream on the live distribution while spec.live (<paramref name="add"/> returns its URL there), else takes it off.</summary>
    private async Task ReconcileLiveAsync(LiveStream stream, StreamIdentity identity, Func<string, CancellationToken, Task<LivePlacement>> add, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var distribution = options.LiveDistributionId;
        var liveUrl = draft.Status.Playback?.LiveUrl;
        if (stream.Spec.Live && distribution is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoLiveDistribution", "spec.live is true but the operator has no live distribution configured (liveDistributionId).");
            return;
        }

        if (stream.Spec.Live)
        {
            var (url, written) = await add(distribution!, cancellationToken);
            if (liveUrl != url)
            {
                await RecordAsync(stream, EventType.Normal, "LiveOn", "Live", $"Serving on live distribution {distribution} at {url}", cancellationToken);
                Announce(stream, draft, EventTypes.StreamLiveOn, Generation(stream), draft.Status.CurrentSessionId);
            }
            else if (written)
            {
                // Served at the same URL, yet its origin or cache behavior had to be written again: someone changed them.
                await RecordDriftRevertedAsync(stream, $"live distribution {distribution}", $"origins[{identity.CloudFrontOriginId}], cacheBehaviors[{identity.CloudFrontOriginId}]", cancellationToken);
            }

            draft.Update(s => s with { Playback = (s.Playback ?? new PlaybackStatus()) with { LiveUrl = url } });
            draft.Condition(LiveStreamConditions.Live, true, "OnLiveDistribution", $"Served by live distribution {distribution}.");
            return;
        }

        if (liveUrl is not null && distribution is not null)
        {
            await aws.LiveDistribution.RemoveAsync(distribution, identity, cancellationToken);
            await RecordAsync(stream, EventType.Normal, "LiveOff", "Live", $"Removed from live distribution {distribution}", cancellationToken);
            Announce(stream, draft, EventTypes.StreamLiveOff, Generation(stream), draft.Status.CurrentSessionId);
        }

        draft.Update(s => s with { Playback = s.Playback is { } playback ? playback with { LiveUrl = null } : null });
        draft.Condition(LiveStreamConditions.Live, false, "NotLive", "spec.live is false.");
    }

    private static Api.LiveStreams.ChannelClass InputChannelClass(Input input) =>
        Math.Max(input.Destinations?.Count ?? 0, input.Sources?.Count ?? 0) > 1 ? Api.LiveStreams.ChannelClass.Standard : Api.LiveStreams.ChannelClass.SinglePipeline;

    /// <summary>The value of the rotation annotation, when it has one; a pulled stream has no key to rotate.</summary>
    private static string? RotationAsked(LiveStream stream) =>
        stream.Spec.Source.Type != SourceType.Pull && stream.Metadata.Annotations?.GetValueOrDefault(IngestSecret.RotateAnnotation) is { Length: > 0 } value ? value : null;

    /// <summary>What status says about ingest: the endpoints without their key, and where the key is.</summary>
    private static IngestStatus IngestOf(LiveStream stream, Input input, string? keyRotation) => new()
    {
        Primary = IngestSecret.WithoutKey(input.Destinations?.ElementAtOrDefault(0)?.Url),
        Backup = IngestSecret.WithoutKey(input.Destinations?.ElementAtOrDefault(1)?.Url),
        SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) },
        KeyRotation = keyRotation,
    };

    /// <summary>
    /// Nothing more is made until the Secret's name is free: the stream would have nowhere to put its keys. (The
    /// ingest Secret is written before anything in AWS is made.)
    /// </summary>
    private async Task<ReconcileResult> RefuseForeignSecretAsync(LiveStream stream, SecretNotReplaceableException refused, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var message = IngestSecret.ForeignMessage(refused);
        Fail(draft, SecretConflict, message);
        await RecordAsync(stream, EventType.Warning, SecretConflict, "Validate", message, cancellationToken);
        return ReconcileResult.After(ForeignSecretRetry < options.ResyncInterval ? ForeignSecretRetry : options.ResyncInterval);
    }

    /// <summary>Writes the ingest Secret, and says so when that undid a change made behind the stream's back.</summary>
    private async Task<SecretWrite> WriteIngestSecretAsync(LiveStream stream, IReadOnlyDictionary<string, string> values, string? inputId, bool verify, CancellationToken cancellationToken)
    {
        var written = await ingestSecret.WriteAsync(stream, values, verify, cancellationToken);
        await ReportRestoredAsync(stream, written, inputId, cancellationToken);
        return written;
    }

    /// <summary>An event when a write of the ingest Secret found it changed or deleted behind the stream's back.</summary>
    private async Task ReportRestoredAsync(LiveStream stream, SecretWrite written, string? inputId, CancellationToken cancellationToken)
    {
        var name = IngestSecret.NameFor(stream);
        var key = inputId is null ? "the stream's bearer token" : $"the stream key of input {inputId}";
        var restored = written.Outcome switch
        {
            SecretWriteOutcome.ChangedSince => $"Secret {name} was changed; it holds {key} again. To change the key, set the annotation {IngestSecret.RotateAnnotation} to a new value.",
            SecretWriteOutcome.DeletedSince => $"Secret {name} was missing; it was made again with {key}.",
            SecretWriteOutcome.Created when stream.Status?.Ingest?.SecretRef is not null => $"Secret {name} was missing; it was made again with {key}.",
            _ => null,
        };
        if (restored is not null)
        {
            await RecordAsync(stream, EventType.Warning, "IngestSecretRestored", "Update", restored, cancellationToken);
        }
    }

    /// <summary>Gives the input a new key, then the Secret; the old key stops working at once.</summary>
    private async Task RotateStreamKeyAsync(LiveStream stream, Input input, PackageChannel package, string rotation, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var pipelines = Math.Max(1, input.Destinations?.Count ?? 1);
        provisionedStreams.Forget(stream);
        var rotated = await aws.Inputs.UpdateStreamNamesAsync(input.Id, IngestSecret.StreamNames(pipelines, IngestSecret.NewKey()), cancellationToken);
        await ingestSecret.WriteAsync(stream, await ingestSecret.ValuesAsync(stream, rotated, package, cancellationToken), verify: true, cancellationToken);
        draft.Update(s => s with { Ingest = IngestOf(stream, rotated, rotation) });
        await RecordAsync(stream, EventType.Normal, "StreamKeyRotated", "Update", $"Input {input.Id} has a new stream key; the old one no longer works. The new key and URLs are in Secret {IngestSecret.NameFor(stream)}.", cancellationToken);
    }

    /// <summary>What MediaLive cannot change in place is said in a condition, and once in an event when it starts.</summary>
    private async Task ReportReplacementNeedsAsync(LiveStream stream, Input input, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var existing = InputChannelClass(input);
        var messages = new List<string>();
        if (stream.Spec.Encoding.ChannelClass != existing)
        {
            messages.Add($"spec.encoding.channelClass {stream.Spec.Encoding.ChannelClass} cannot be applied in place: input {input.Id} was created for {existing} and MediaLive cannot change that. Delete and re-create the LiveStream to apply it; until then it keeps running as {existing}.");
        }

        if (stream.Spec.Source.Pull is { } pull && InputManager.PulledUrl(input) is { } pulling && pulling != pull.Url)
        {
            messages.Add($"spec.source.pull.url {pull.Url} is not applied in place: input {input.Id} pulls {pulling}. Delete and re-create the LiveStream to pull the new URL; until then it pulls {pulling}.");
        }

        if (messages.Count == 0)
        {
            return;
        }

        var message = string.Join(" ", messages);
        var before = ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.UpdatePending);
        draft.Condition(LiveStreamConditions.UpdatePending, true, "RequiresRecreate", message);
        if (before is not { Reason: "RequiresRecreate", Status: ConditionStatus.True })
        {
            await RecordAsync(stream, EventType.Warning, "RequiresRecreate", "Update", message, cancellationToken);
        }
    }

    private (string Reason, string Message)? Unsupported(LiveStream stream)
    {
        if (LiveStreamRules.Validate(stream.Spec) is [var invalid, ..])
        {
            return (FieldError.ConditionReason, invalid.ToString());
        }

        if (stream.Spec.Source.WebRtc?.Private == true && stream.Spec.Source.Type == SourceType.WebRtc && options.Sfu.BroadcastKey is null)
        {
            return ("PrivateViewingUnavailable", "spec.source.webRtc.private needs the operator's SFU broadcast key, with which its viewers' tokens are checked: ask the operator's administrators to set the chart's sfu.broadcastKeySecret, or make the stream public.");
        }

        if ((stream.Spec.Source.Type == SourceType.WebRtc && !HasChannel(stream)) || RunsOnIvs(stream))
        {
            // A WebRtc stream without a channel, or a stream on IVS, records nothing through MediaLive, so neither the archive bucket nor MediaLive's role matters to it.
            return null;
        }

        var archive = stream.Spec.Archive;
        if (archive.Enabled && (archive.Bucket ?? options.ArchiveBucket) is null)
        {
            return ("NoArchiveBucket", "spec.archive.enabled is true but neither spec.archive.bucket nor the operator's archiveBucket setting names a bucket.");
        }

        if (options.Buckets.CheckArchive(archive) is { } forbidden)
        {
            return ("ArchiveBucketNotAllowed", forbidden.ToString());
        }

        if (options.Connector.MeetingHosts.CheckMeeting(stream.Spec) is { } meeting)
        {
            return ("MeetingHostNotAllowed", meeting.ToString());
        }

        if (stream.Spec.Source.Type == SourceType.S3Upload)
        {
            // No channel: the app writes the archive itself, with credentials of the operator's upload role.
            return string.IsNullOrEmpty(options.Upload.RoleArn)
                ? ("NoUploadRole", "The operator's upload.roleArn setting is empty; S3Upload streams need a role to issue upload credentials for.")
                : null;
        }

        if (stream.Spec.Playback.Encryption.Enabled == true && !options.Speke.IsConfigured)
        {
            return ("NoKeyProvider", "spec.playback.encryption.enabled is true but the operator has no key provider for HLS encryption (its speke.url and speke.roleArn settings); leave enabled unset to play unencrypted until one is configured, or ask the operator's administrators to configure one.");
        }

        return string.IsNullOrEmpty(options.MediaLiveRoleArn)
            ? ("NoMediaLiveRole", "The operator's mediaLiveRoleArn setting is empty; MediaLive channels need a role to write to MediaPackage and S3.")
            : null;
    }

    /// <summary>
    /// The archive of the next session: the template expanded for now, made unique with a suffix when an earlier
    /// session recorded there (a template without {timestamp}, or two starts within a second), since every session
    /// must record to a prefix of its own.
    /// </summary>
    private ArchiveLocation? NewArchiveLocation(LiveStream stream, IReadOnlyList<StreamSession> sessions)
    {
        var archive = stream.Spec.Archive;
        var bucket = archive.Bucket ?? options.ArchiveBucket;
        if (!archive.Enabled || bucket is null)
        {
            return null;
        }

        var location = ArchiveLocation.For(archive, bucket, stream.Metadata.Namespace!, stream.Metadata.Name!, Time.GetUtcNow());
        return sessions.Any(s => s.ArchivePath == location.DisplayPath)
            ? location with { Prefix = $"{location.Prefix}-{NewSessionId().ToLowerInvariant()}" }
            : location;
    }

    // A settings check on an idle or running channel keeps its current archive prefix: only a new session moves it.
    private static string? ArchiveDestinationOf(Channel channel) => ChannelSettings.ArchivePrefix(channel.Destinations);

    /// <summary>How long to leave a stream alone whose current generation AWS refused; null when it is due.</summary>
    private TimeSpan? StalledFor(LiveStream stream)
    {
        var stalled = ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.Stalled);
        if (stalled is not { Status: ConditionStatus.True, Reason: AwsRejected } || stalled.ObservedGeneration != stream.Metadata.Generation)
        {
            return null;
        }

        var wait = stalled.LastTransitionTime + RejectedRetry - Time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    private static void Fail(StatusDraft<LiveStreamStatus> draft, string reason, string message)
    {
        draft.Update(s => s with { Phase = LiveStreamPhase.Failed });
        draft.Condition(ConditionTypes.Ready, false, reason, message);
    }

    private static void Transition(StatusDraft<LiveStreamStatus> draft, LiveStreamPhase phase, string reason, string message)
    {
        draft.Update(s => s with { Phase = phase });
        draft.Condition(ConditionTypes.Ready, false, reason, message);
    }

    private static string NewSessionId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private async Task CreatedAsync(LiveStream stream, CreatedResources created, string what, string id, bool replacedMissing, CancellationToken cancellationToken)
    {
        if (replacedMissing)
        {
            await RecordAsync(stream, EventType.Warning, "Recreated", "Create", $"The {what} was deleted outside Airwave; created {id} in its place", cancellationToken);
        }
        else
        {
            created.Add(what, id);
        }
    }

    private ValueTask PublishAsync(LiveStream stream, LiveStreamStatus? status, string type, string occurrence, string? sessionId, CancellationToken cancellationToken) =>
        publisher.PublishAsync(LiveStreamEvents.Create(stream, status, type, occurrence, sessionId, Time.GetUtcNow()), cancellationToken);

    private static string Generation(LiveStream stream) => $"generation-{stream.Metadata.Generation}";

    /// <summary>
    /// Writes the status. Sessions cannot be rebuilt from AWS, so a write that changes them applies only to the
    /// object as it was read: from a stale read it fails with a conflict, and the stream is reconciled again from
    /// the current object instead of dropping a session.
    /// </summary>
    protected override Task<LiveStream> WriteStatusAsync(LiveStream stream, LiveStreamStatus status, CancellationToken cancellationToken)
    {
        var historyChanged = status.CurrentSessionId != stream.Status?.CurrentSessionId
            || !status.Sessions.SequenceEqual(stream.Status?.Sessions ?? []);
        return Client.UpdateStatusIfChangedAsync(AirwaveResources.LiveStreams, stream, stream with { Status = status }, cancellationToken, onlyIfCurrent: historyChanged);
    }

    /// <summary>Publishes a downstream event once the status it describes is written (see <see cref="StatusDraft{TStatus}.AfterWrite"/>).</summary>
    private void Announce(LiveStream stream, StatusDraft<LiveStreamStatus> draft, string type, string occurrence, string? sessionId)
    {
        var announcement = LiveStreamEvents.Create(stream, draft.Status, type, occurrence, sessionId, Time.GetUtcNow());
        draft.AfterWrite(cancellationToken => publisher.PublishAsync(announcement, cancellationToken));
    }

    /// <summary>What <see cref="RememberedReadsAsync"/> found or vouched for, and when what it vouches for was last read.</summary>
    private sealed record RememberedReads(
        DateTimeOffset At,
        Observed<Channel>? Channel = null,
        Observed<Input>? Input = null,
        Observed<InputSecurityGroup>? SecurityGroup = null,
        Observed<PackageChannel>? PackageChannel = null,
        Observed<Aws.MediaPackage.OriginEndpoint>? Endpoint = null);
}
