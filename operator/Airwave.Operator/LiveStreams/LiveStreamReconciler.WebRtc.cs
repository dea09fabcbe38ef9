using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Status;
using Airwave.Operator.Status;
using Airwave.Operator.LiveStreams.Sfu;

namespace Airwave.Operator.LiveStreams;

/// <summary>A WebRtc stream: SFU pods instead of a channel, as many as spec.source.webRtc.maxViewers needs while Running, none while stopped.</summary>
public sealed partial class LiveStreamReconciler
{
    private const string SfuNameTaken = "SfuNameTaken";

    private async Task<ReconcileResult> ReconcileWebRtcAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var sfu = options.Sfu;
        var running = stream.Spec.State == StreamState.Running;
        var replicas = running ? sfu.PodsFor(stream.Spec.Source.WebRtc?.MaxViewers ?? new WebRtcSource().MaxViewers) : 0;
        SfuApplied applied;
        try
        {
            applied = await sfuWorkload.EnsureAsync(stream, replicas, cancellationToken);
        }
        catch (SfuNameTakenException e)
        {
            Fail(draft, SfuNameTaken, e.Message);
            await RecordAsync(stream, EventType.Warning, SfuNameTaken, "Validate", e.Message, cancellationToken);
            return ReconcileResult.After(ForeignSecretRetry < options.ResyncInterval ? ForeignSecretRetry : options.ResyncInterval);
        }

        if (applied.Made.Count > 0)
        {
            await RecordAsync(stream, EventType.Normal, "Created", "Create", $"Created SFU {string.Join(", ", applied.Made)}", cancellationToken);
        }

        var pods = await sfuWorkload.PodsAsync(stream, cancellationToken);
        var loads = await Task.WhenAll(pods.Select(pod => pod.IsReady ? sfuLoad.ReadAsync(pod, cancellationToken) : Task.FromResult<SfuLoad?>(null)));
        var ready = pods.Count(p => p.IsReady);
        draft.Update(s => s with
        {
            Sfu = new SfuStatus
            {
                Deployment = applied.Deployment.Metadata.Name,
                Service = applied.Deployment.Metadata.Name,
                Replicas = replicas,
                ReadyReplicas = ready,
                ViewersPerPod = sfu.ViewersPerPod,
                Pods = [.. pods.Select((pod, i) => new SfuPodStatus
                {
                    Name = pod.Metadata.Name!,
                    Ready = pod.IsReady,
                    Address = pod.Status?.PodIP,
                    Sessions = loads[i]?.Sessions,
                    Handles = loads[i]?.Handles,
                })],
            },
        });
        draft.Condition(
            LiveStreamConditions.SfuReady,
            running && ready >= replicas,
            running ? (ready >= replicas ? "PodsReady" : "PodsNotReady") : "Stopped",
            running ? $"{ready} of {replicas} SFU pods ready." : "The stream is stopped; it runs no SFU pods.");

        if (!running)
        {
            await EndSessionAsync(stream, draft, cancellationToken);
            if (pods.Count > 0)
            {
                Transition(draft, LiveStreamPhase.Stopping, "Stopping", $"Waiting for {pods.Count} SFU pods to end.");
                return ReconcileResult.After(options.PollInterval);
            }

            draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
            draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to start it.");
            return ReconcileResult.After(options.ResyncInterval);
        }

        if (draft.Status.CurrentSessionId is null)
        {
            var session = new StreamSession { Id = NewSessionId(), StartedAt = draft.Now };
            draft.Update(s => s with { CurrentSessionId = session.Id, Sessions = WithSession(s.Sessions, session), LastStarted = draft.Now });
            await RecordAsync(stream, EventType.Normal, "Started", "Start", $"Starting {replicas} SFU pods: session {session.Id}", cancellationToken);
            Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
        }

        if (ready == 0)
        {
            Transition(draft, LiveStreamPhase.Starting, "Starting", $"Waiting for the SFU pods to be ready (0 of {replicas}).");
            return ReconcileResult.After(options.PollInterval);
        }

        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        draft.Condition(ConditionTypes.Ready, true, "Running", $"{ready} of {replicas} SFU pods are ready for publishers and viewers.");
        return ReconcileResult.After(sfu.LoadInterval < options.ResyncInterval ? sfu.LoadInterval : options.ResyncInterval);
    }
}
