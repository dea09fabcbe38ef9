using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
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
        var maxPods = sfu.PodsFor(stream.Spec.Source.WebRtc?.MaxViewers ?? new WebRtcSource().MaxViewers);
        SfuCurrent current;
        try
        {
            current = await sfuWorkload.ReadAsync(stream, cancellationToken);
        }
        catch (SfuNameTakenException e)
        {
            Fail(draft, SfuNameTaken, e.Message);
            await RecordAsync(stream, EventType.Warning, SfuNameTaken, "Validate", e.Message, cancellationToken);
            return ReconcileResult.After(ForeignSecretRetry < options.ResyncInterval ? ForeignSecretRetry : options.ResyncInterval);
        }

        var (secret, foreignSecret) = await ingestSecret.ReadAsync(stream, cancellationToken);
        if (foreignSecret)
        {
            return await RefuseForeignSecretAsync(stream, draft, cancellationToken);
        }

        var whipUrl = sfu.WhipUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!);
        var ingest = await ingestSecret.WriteWhipAsync(stream, secret, whipUrl, cancellationToken);
        if (ingest.Change == IngestSecretChange.Created && stream.Status?.Ingest?.SecretRef is not null)
        {
            await RecordAsync(stream, EventType.Warning, "IngestSecretRestored", "Update", $"Secret {IngestSecret.NameFor(stream)} was missing; it was made again with a new bearer token, which publishers need from now on (the SFU pods restart to take it).", cancellationToken);
        }

        draft.Update(s => s with
        {
            Ingest = new IngestStatus { Primary = whipUrl?.ToString(), SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) } },
            Playback = new PlaybackStatus { WhepUrl = sfu.WhepUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString() },
        });
        var publishKeyDigest = IngestSecret.Digest(new Dictionary<string, string> { [IngestSecret.BearerToken] = ingest.Secret.GetString(IngestSecret.BearerToken)! });

        // Pods being deleted are on their way out: they neither count nor take viewers.
        var pods = (await sfuWorkload.PodsAsync(stream, cancellationToken)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        var loads = await Task.WhenAll(pods.Select(pod => pod.IsReady ? sfuLoad.ReadAsync(pod, cancellationToken) : Task.FromResult<SfuLoad?>(null)));
        var views = pods.Select((pod, i) => new SfuPodView(pod.Metadata.Name!, pod.IsReady, loads[i]?.Sessions, DrainingSince(pod))).ToList();
        var replicas = current.Deployment?.Spec?.Replicas ?? 0;
        var plan = running ? SfuScaling.Plan(replicas, views, maxPods, sfu, draft.Now) : new SfuPlan(0, null, [], null);
        foreach (var pod in pods.Where(p => plan.Undrain.Contains(p.Metadata.Name!)))
        {
            await sfuWorkload.UndrainAsync(pod, cancellationToken);
            views = [.. views.Select(v => v.Name == pod.Metadata.Name ? v with { DrainingSince = null } : v)];
        }

        if (plan.Drain is { } drain)
        {
            await sfuWorkload.DrainAsync(pods.Single(p => p.Metadata.Name == drain), draft.Now, cancellationToken);
            views = [.. views.Select(v => v.Name == drain ? v with { DrainingSince = draft.Now } : v)];
            var load = views.Single(v => v.Name == drain).Sessions;
            await RecordAsync(stream, EventType.Normal, "Draining", "Scale", $"SFU pod {drain} drains: it goes once its {load} clients left (at most {sfu.DrainTimeout.TotalMinutes:0.#} minutes), as fewer pods carry the stream's viewers", cancellationToken);
        }

        var made = await sfuWorkload.ApplyAsync(stream, current, plan.Replicas, publishKeyDigest, cancellationToken);
        if (made.Count > 0)
        {
            await RecordAsync(stream, EventType.Normal, "Created", "Create", $"Created SFU {string.Join(", ", made)}", cancellationToken);
        }

        if (plan.Why is { } why && replicas > 0 && plan.Replicas != replicas)
        {
            await RecordAsync(stream, EventType.Normal, "Scaled", "Scale", $"SFU pods scaled from {replicas} to {plan.Replicas}: {why}", cancellationToken);
        }

        // A stopped stream waits for its pods to end; status lists those still there.
        var remaining = running ? pods : await sfuWorkload.PodsAsync(stream, cancellationToken);
        var listed = views.Select((view, i) => (View: view, Pod: pods[i], Load: loads[i])).Where(p => remaining.Any(r => r.Metadata.Uid == p.Pod.Metadata.Uid)).ToList();
        var ready = listed.Count(p => p.View.Ready);
        draft.Update(s => s with
        {
            Sfu = new SfuStatus
            {
                Deployment = SfuObjects.NameFor(stream),
                Service = SfuObjects.NameFor(stream),
                Replicas = plan.Replicas,
                MaxReplicas = maxPods,
                ReadyReplicas = ready,
                ViewersPerPod = sfu.ViewersPerPod,
                Pods = [.. listed.Select(p => new SfuPodStatus
                {
                    Name = p.View.Name,
                    Ready = p.View.Ready,
                    Address = p.Pod.Status?.PodIP,
                    Sessions = p.View.Sessions,
                    Handles = p.Load?.Handles,
                    DrainingSince = p.View.DrainingSince,
                })],
            },
        });
        draft.Condition(
            LiveStreamConditions.SfuReady,
            running && ready >= plan.Replicas,
            running ? (ready >= plan.Replicas ? "PodsReady" : "PodsNotReady") : "Stopped",
            running ? $"{ready} of {plan.Replicas} SFU pods ready." : "The stream is stopped; it runs no SFU pods.");

        if (!running)
        {
            await EndSessionAsync(stream, draft, cancellationToken);
            if (remaining.Count > 0)
            {
                Transition(draft, LiveStreamPhase.Stopping, "Stopping", $"Waiting for {remaining.Count} SFU pods to end.");
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
            await RecordAsync(stream, EventType.Normal, "Started", "Start", $"Starting {plan.Replicas} SFU pods: session {session.Id}", cancellationToken);
            Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
        }

        if (ready == 0)
        {
            Transition(draft, LiveStreamPhase.Starting, "Starting", $"Waiting for the SFU pods to be ready (0 of {plan.Replicas}).");
            return ReconcileResult.After(options.PollInterval);
        }

        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        draft.Condition(ConditionTypes.Ready, true, "Running", $"{ready} of {plan.Replicas} SFU pods are ready for publishers and viewers.");
        return ReconcileResult.After(sfu.LoadInterval < options.ResyncInterval ? sfu.LoadInterval : options.ResyncInterval);
    }

    private static DateTimeOffset? DrainingSince(Pod pod) =>
        pod.Metadata.Annotations?.GetValueOrDefault(SfuObjects.DrainingAnnotation) is { } since
        && DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
}
