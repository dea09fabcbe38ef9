using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Aws.Errors;
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
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Operator.LiveStreams.Memory;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Status;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Makes a LiveStream match its spec by running, in order, the parts its row of <see cref="StreamLayouts"/> lists
/// (its input, packaging, channel, live distribution, IVS channel, meeting connector, SFU pods, upload credentials),
/// each of which brings its piece to the spec and reports it in status; the stream is looked at again as soon as any
/// part asks. Deletion runs the parts' teardowns in reverse (<see cref="LiveStreamTeardown"/>).
/// </summary>
public sealed class LiveStreamReconciler(
    ReconcilerBasics basics,
    StreamLayouts layouts,
    StreamReporter reporter,
    ResourceMemory memory,
    QuickResync quickResync,
    LiveStreamTeardown teardown,
    IngestSecret ingestSecret,
    LiveStreamMetrics metrics,
    RunningChannelQuota quota,
    StreamCosts costs,
    SfuWorkload sfuWorkload,
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

    private const string AwsRejected = "AwsRejected";
    private const string SecretConflict = "SecretConflict";

    protected override ResourceType Type => AirwaveResources.LiveStreams;

    protected override string Finalizer => "media.airwave.dev/aws-resources";

    protected override Task<ReconcileResult?> PreflightAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken) =>
        Task.FromResult(StalledFor(stream) is { } wait ? ReconcileResult.After(wait) : null);

    protected override async Task FinalizerAddedAsync(LiveStream stream, CancellationToken cancellationToken) =>
        await reporter.PublishAsync(stream, stream.Status, EventTypes.StreamCreated, "", null, cancellationToken);

    protected override async Task<ReconcileResult> ReconcileStepsAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var identity = StreamIdentity.Of(stream, await installation.ForAsync(stream, cancellationToken));
        draft.Update(s => s with { Phase = s.Phase ?? LiveStreamPhase.Pending, Cluster = identity.Cluster, Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.Stalled) });
        var pass = new StreamPass(stream, identity, draft, layouts.For(stream), reporter, memory);
        try
        {
            var result = await RunPartsAsync(pass, cancellationToken);
            await costs.CountAsync(pass, cancellationToken);
            return result;
        }
        catch (SecretNotReplaceableException e)
        {
            return await RefuseForeignSecretAsync(pass, e, cancellationToken);
        }
        finally
        {
            // What was made is said even when a later step failed: it exists now.
            if (pass.Created.Note is { } note)
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
        draft.Update(s => s with { Phase = LiveStreamPhase.Failed });
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
            await reporter.PublishAsync(stream, status, EventTypes.StreamFailed, LiveStreamEvents.GenerationOf(stream), status.CurrentSessionId, cancellationToken);
        }
    }

    protected override async Task<TimeSpan?> TeardownAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        quota.Release(stream);
        ingestSecret.Forget(stream);
        sfuWorkload.Forget(stream);
        var identity = StreamIdentity.Of(stream, await installation.ForAsync(stream, cancellationToken));
        return await teardown.RunAsync(stream, identity, layouts.For(stream), cancellationToken);
    }

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

    /// <summary>
    /// Runs the stream's parts in order, unless the spec is one they cannot serve; the stream is looked at again at
    /// the resync, or as soon as a part asks, and a part that halts the pass decides alone.
    /// </summary>
    private async Task<ReconcileResult> RunPartsAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        if (Unsupported(pass) is { } problem)
        {
            pass.Fail(problem.Reason, problem.Message);
            await pass.RecordAsync(EventType.Warning, problem.Reason, "Validate", problem.Message, cancellationToken);
            return ReconcileResult.Done;
        }

        if (pass.Layout.QuickResync && await quickResync.RunAsync(pass, cancellationToken) is { } quick)
        {
            return quick;
        }

        var within = options.ResyncInterval;
        try
        {
            foreach (var part in pass.Layout.Parts)
            {
                var result = await part.ReconcileAsync(pass, cancellationToken);
                if (result.Halt is { } halt)
                {
                    return halt;
                }

                within = result.Within is { } asked && asked < within ? asked : within;
            }
        }
        finally
        {
            // What was read is as it was, even when a later step failed.
            memory.Remember(pass.Stream, pass.Resources);
        }

        return ReconcileResult.After(within);
    }

    /// <summary>The first thing that stops the stream from being served: an invalid spec, then what its parts need of the operator's settings.</summary>
    private static StreamProblem? Unsupported(StreamPass pass) =>
        LiveStreamRules.Validate(pass.Stream.Spec) is [var invalid, ..]
            ? new StreamProblem(FieldError.ConditionReason, invalid.ToString())
            : pass.Layout.Parts.Select(part => part.Check(pass.Stream)).FirstOrDefault(problem => problem is not null);

    /// <summary>
    /// Nothing more is made until the Secret's name is free: the stream would have nowhere to put its keys. (The
    /// ingest Secret is written before anything in AWS is made.)
    /// </summary>
    private async Task<ReconcileResult> RefuseForeignSecretAsync(StreamPass pass, SecretNotReplaceableException refused, CancellationToken cancellationToken)
    {
        var message = IngestSecret.ForeignMessage(refused);
        pass.Fail(SecretConflict, message);
        await pass.RecordAsync(EventType.Warning, SecretConflict, "Validate", message, cancellationToken);
        return NameTaken.RetryResult(options);
    }

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
}
