using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Events;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.Status;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// A WebRtc stream: SFU pods, as many as spec.source.webRtc.maxViewers needs while Running, none while stopped; with a
/// channel besides when it is recorded or served live, which the pods push the publisher's media into.
/// </summary>
public sealed partial class LiveStreamReconciler
{
    private const string SfuNameTaken = "SfuNameTaken";

    /// <summary>
    /// Whether the stream's media also goes through a channel (recorded, packaged, or served live): its SFU pods push
    /// the publisher's media into the channel's input. A stream that has AWS resources keeps them until it is deleted,
    /// so turning the archive off later never leaves a channel behind unmanaged.
    /// </summary>
    private static bool HasChannel(LiveStream stream) =>
        stream.Spec.Archive.Enabled || stream.Spec.Live || stream.Status?.Aws is not null;

    /// <summary>A WebRtc stream its SFU pods alone carry: the pods are the stream, and their readiness its phase.</summary>
    private async Task<ReconcileResult> ReconcileWebRtcAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var running = stream.Spec.State == StreamState.Running;
        var ingest = await WriteIngestSecretAsync(stream, await ingestSecret.WhipValuesAsync(stream, cancellationToken), inputId: null, verify: true, cancellationToken);

        draft.Update(s => s with
        {
            Ingest = new IngestStatus { Primary = WhipUrl(stream), SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) } },
            Playback = new PlaybackStatus { WhepUrl = WhepUrl(stream) },
        });
        if (await ReconcileSfuPodsAsync(stream, ingest.Secret, forward: false, draft, cancellationToken) is not { } pods)
        {
            return NameTakenRetry;
        }

        if (!running)
        {
            await EndSessionAsync(stream, draft, cancellationToken);
            if (pods.Remaining > 0)
            {
                Transition(draft, LiveStreamPhase.Stopping, "Stopping", $"Waiting for {pods.Remaining} SFU pods to end.");
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
            await RecordAsync(stream, EventType.Normal, "Started", "Start", $"Starting {pods.Replicas} SFU pods: session {session.Id}", cancellationToken);
            Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
        }

        if (pods.Ready == 0)
        {
            Transition(draft, LiveStreamPhase.Starting, "Starting", $"Waiting for the SFU pods to be ready (0 of {pods.Replicas}).");
            return ReconcileResult.After(options.PollInterval);
        }

        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        draft.Condition(ConditionTypes.Ready, true, "Running", $"{pods.Ready} of {pods.Replicas} SFU pods are ready for publishers and viewers.");
        return ReconcileResult.After(LoadInterval);
    }

    /// <summary>
    /// A WebRtc stream with a channel, after the channel's pass (<paramref name="channelPass"/>), which made the input,
    /// packaging and channel, drove the channel and kept the sessions as for RTMP: its SFU pods push the publisher's
    /// media into the input, and the stream is Running once the channel runs and a pod is ready.
    /// </summary>
    private async Task<ReconcileResult> ReconcileRecordedWebRtcAsync(LiveStream stream, StatusDraft<LiveStreamStatus> draft, ReconcileResult channelPass, CancellationToken cancellationToken)
    {
        // The channel's pass writes the WHIP values with the input's once the input exists; until then there is nothing to push into.
        var secret = ingestSecret.Written(stream);
        if (draft.Status.Phase == LiveStreamPhase.Failed || secret?.GetString(IngestSecret.PrimaryUrl) is null)
        {
            return channelPass;
        }

        draft.Update(s => s with
        {
            Ingest = (s.Ingest ?? new IngestStatus()) with { Primary = WhipUrl(stream), Backup = null },
            Playback = (s.Playback ?? new PlaybackStatus()) with { WhepUrl = WhepUrl(stream) },
        });
        if (await ReconcileSfuPodsAsync(stream, secret, forward: true, draft, cancellationToken) is not { } pods)
        {
            return NameTakenRetry;
        }

        if (stream.Spec.State != StreamState.Running)
        {
            if (pods.Remaining == 0)
            {
                return channelPass;
            }

            if (draft.Status.Phase == LiveStreamPhase.Idle)
            {
                Transition(draft, LiveStreamPhase.Stopping, "Stopping", $"Waiting for {pods.Remaining} SFU pods to end.");
            }

            return Sooner(channelPass, options.PollInterval);
        }

        if (draft.Status.Phase != LiveStreamPhase.Running)
        {
            return Sooner(channelPass, options.PollInterval);
        }

        if (pods.Ready == 0)
        {
            Transition(draft, LiveStreamPhase.Starting, "Starting", $"The channel is running; waiting for the SFU pods to be ready (0 of {pods.Replicas}).");
            return Sooner(channelPass, options.PollInterval);
        }

        draft.Condition(ConditionTypes.Ready, true, "Running", $"The channel is running and {pods.Ready} of {pods.Replicas} SFU pods are ready: publish over WHIP at status.ingest.primary; what the publisher sends is recorded and packaged as well.");
        return Sooner(channelPass, LoadInterval);
    }

    /// <summary>
    /// The stream's SFU pods, as many as its viewers need while it runs and none while it is stopped, with their load
    /// in status; null when the pods' names are taken (the stream has failed, saying so).
    /// </summary>
    private async Task<SfuPods?> ReconcileSfuPodsAsync(LiveStream stream, Secret ingest, bool forward, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        var sfu = options.Sfu;
        var running = stream.Spec.State == StreamState.Running;
        var maxPods = sfu.PodsFor(stream.Spec.Source.WebRtc?.MaxViewers ?? new WebRtcSource().MaxViewers);
        SfuCurrent current;
        try
        {
            current = await sfuWorkload.ReadAsync(stream, cancellationToken);
        }
        catch (ObjectNameTakenException e)
        {
            Fail(draft, SfuNameTaken, e.Message);
            await RecordAsync(stream, EventType.Warning, SfuNameTaken, "Validate", e.Message, cancellationToken);
            return null;
        }

        // The input's URLs, a Standard channel's two pipelines each; and what the pods read from the Secret, a change of which rolls them.
        IReadOnlyList<string> forwardTo = !forward ? []
            : ingest.GetString(IngestSecret.BackupUrl) is null ? [IngestSecret.PrimaryUrl] : [IngestSecret.PrimaryUrl, IngestSecret.BackupUrl];
        // Without a broadcast key the digest is as before there were any: an upgrade rolls no pods.
        var engineKeys = await sfuWorkload.EngineKeysAsync(stream, cancellationToken);
        var publishKeyDigest = IngestSecret.Digest(forwardTo.Append(IngestSecret.BearerToken).ToDictionary(key => key, key => ingest.GetString(key)!)
            .Concat(SfuObjects.SecretValues(stream, sfu, engineKeys)).ToDictionary());

        // Pods being deleted are on their way out: they neither count nor take viewers.
        var pods = (await sfuWorkload.PodsAsync(stream, cancellationToken)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        var loads = await Task.WhenAll(pods.Select(pod => pod.IsReady ? sfuLoad.ReadAsync(pod, cancellationToken) : Task.FromResult<SfuLoad?>(null)));
        var views = pods.Select((pod, i) => new SfuPodView(pod.Metadata.Name!, pod.IsReady, loads[i]?.Sessions, DrainingSince(pod), loads[i]?.Publishing ?? false)).ToList();
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

        // Each pod hears whether it drains, so that new viewers go to the others meanwhile; one that restarted hears it again.
        foreach (var (view, i) in views.Select((view, i) => (view, i)))
        {
            var draining = view.DrainingSince is not null;
            if (loads[i] is { Draining: { } told } && told != draining)
            {
                await sfuLoad.TellDrainingAsync(pods[i], draining, engineKeys.RoomAdminKey, cancellationToken);
            }
        }

        var made = await sfuWorkload.ApplyAsync(stream, current, engineKeys, plan.Replicas, publishKeyDigest, forwardTo, cancellationToken);
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

        return new SfuPods(ready, plan.Replicas, remaining.Count);
    }

    private ReconcileResult NameTakenRetry => ReconcileResult.After(ForeignSecretRetry < options.ResyncInterval ? ForeignSecretRetry : options.ResyncInterval);

    private string? WhepUrl(LiveStream stream) => options.Sfu.WhepUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString();

    private string? WhipUrl(LiveStream stream) => options.Sfu.WhipUrlFor(stream.Metadata.Namespace!, stream.Metadata.Name!)?.ToString();

    private TimeSpan LoadInterval => options.Sfu.LoadInterval < options.ResyncInterval ? options.Sfu.LoadInterval : options.ResyncInterval;

    private static ReconcileResult Sooner(ReconcileResult result, TimeSpan delay) =>
        result.RequeueAfter is { } after && after <= delay ? result : ReconcileResult.After(delay);

    private static DateTimeOffset? DrainingSince(Pod pod) =>
        pod.Metadata.Annotations?.GetValueOrDefault(SfuObjects.DrainingAnnotation) is { } since
        && DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>What <see cref="ReconcileSfuPodsAsync"/> found: pods ready, pods asked for, pods still there.</summary>
    private sealed record SfuPods(int Ready, int Replicas, int Remaining);
}
