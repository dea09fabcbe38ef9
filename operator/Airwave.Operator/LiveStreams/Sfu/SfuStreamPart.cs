using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// A WebRtc stream its SFU pods alone carry: the pods are the stream, and their readiness its phase. Its Secret holds
/// the publisher's WHIP bearer token; each start is a session. With an idle limit (<see cref="IdleStop"/>), pods that
/// have had no publisher that long are stopped.
/// </summary>
public sealed class SfuStreamPart(SfuFleet fleet, IngestSecret ingestSecret, IngestSecretPart secretWrites, IdleStop idle, OperatorOptions options) : IStreamPart
{
    public StreamProblem? Check(LiveStream stream) => fleet.Check(stream);

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [CostComponents.ClusterPods("sfu-pods", "The SFU pods")];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);
        var ingest = await secretWrites.WriteAsync(pass, await ingestSecret.WhipValuesAsync(stream, cancellationToken), inputId: null, verify: true, cancellationToken);
        draft.Update(s => s with
        {
            Ingest = new IngestStatus { Primary = options.Sfu.WhipUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString(), SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) } },
            Playback = new PlaybackStatus { WhepUrl = options.Sfu.WhepUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString() },
        });
        if (await fleet.ReconcileAsync(pass, ingest.Secret, forward: false, cancellationToken) is not { } pods)
        {
            return PartResult.Stop(NameTaken.RetryResult(options));
        }

        if (!SfuFleet.Runs(stream))
        {
            await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(draft.Status));
            draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.Publishing) });
            if (pods.Remaining > 0)
            {
                pass.Transition(LiveStreamPhase.Stopping, "Stopping", $"Waiting for {pods.Remaining} SFU pods to end.");
                return PartResult.LookAgainWithin(options.PollInterval);
            }

            draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
            if (stream.Spec.State == StreamState.Running)
            {
                draft.Condition(ConditionTypes.Ready, false, LiveStreamConditions.IdleStopped, IdleStop.HeldMessage);
            }
            else
            {
                draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to start it.");
            }

            return PartResult.Done;
        }

        if (draft.Status.CurrentSessionId is null)
        {
            var session = StreamSessions.Begin(pass, archivePath: null);
            draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.IdleStopped) });
            await pass.RecordAsync(EventType.Normal, "Started", "Start", $"Starting {pods.Replicas} SFU pods: session {session.Id}", cancellationToken);
            pass.Announce(EventTypes.StreamStarted, session.Id, session.Id);
        }

        if (pods.Ready == 0)
        {
            pass.Transition(LiveStreamPhase.Starting, "Starting", $"Waiting for the SFU pods to be ready (0 of {pods.Replicas}).");
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        draft.Condition(ConditionTypes.Ready, true, "Running", $"{pods.Ready} of {pods.Replicas} SFU pods are ready for publishers and viewers.");
        return await CheckPublisherAsync(pass, pods.Publishing, cancellationToken);
    }

    /// <summary>
    /// Says whether a pod has the publisher, and stops the pods once the stream has gone without one for its idle
    /// limit; looks again when the pods' load is read next, or sooner when the limit falls due before.
    /// </summary>
    private async Task<PartResult> CheckPublisherAsync(StreamPass pass, bool publishing, CancellationToken cancellationToken)
    {
        var silence = idle.ReadPresence(pass, LiveStreamConditions.Publishing, publishing);
        pass.Draft.Condition(
            LiveStreamConditions.Publishing,
            publishing,
            publishing ? "PublisherConnected" : "NoPublisher",
            publishing ? "An SFU pod has the publisher." : "No publisher is connected: publish over WHIP at status.ingest.primary.");
        if (silence is null || !silence.IsDue(pass.Now))
        {
            var next = silence?.LookAgainWithin(pass.Now) is { } due && due < fleet.LoadInterval ? due : fleet.LoadInterval;
            return PartResult.LookAgainWithin(next);
        }

        var message = $"Stopping the SFU pods: no publisher for {silence.Limit} (since {silence.Since:u}), the stream's idle limit";
        pass.Draft.Condition(LiveStreamConditions.IdleStopped, true, "NoPublisher", message + "; change the spec to start it again.");
        await pass.RecordAsync(EventType.Normal, LiveStreamConditions.IdleStopped, "Stop", message, cancellationToken);
        pass.Transition(LiveStreamPhase.Stopping, LiveStreamConditions.IdleStopped, "Waiting for the SFU pods to end: no publisher for the stream's idle limit.");
        return PartResult.LookAgainWithin(options.PollInterval);
    }
}
