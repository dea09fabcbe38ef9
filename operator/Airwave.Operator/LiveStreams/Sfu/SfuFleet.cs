using System.Globalization;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Pipeline;
using k8s.Models;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// A WebRtc stream's SFU pods as a whole: as many as its viewers need while it runs (scaled by their load, a pod
/// draining before it goes) and none while it is stopped, with their load in status and the SfuReady condition.
/// </summary>
public sealed class SfuFleet(SfuWorkload sfuWorkload, SfuPodLoad sfuLoad, OperatorOptions options)
{
    private const string SfuNameTaken = "SfuNameTaken";

    /// <summary>How often a running stream's pods' load is looked at.</summary>
    public TimeSpan LoadInterval => options.Sfu.LoadInterval < options.ResyncInterval ? options.Sfu.LoadInterval : options.ResyncInterval;

    /// <summary>Why the stream's SFU pods cannot serve it with the operator's settings; null when they can.</summary>
    public StreamProblem? Check(LiveStream stream) =>
        stream?.Spec.Source.WebRtc?.Private == true && options.Sfu.BroadcastKey is null
            ? new("PrivateViewingUnavailable", "spec.source.webRtc.private needs the operator's SFU broadcast key, with which its viewers' tokens are checked: ask the operator's administrators to set the chart's sfu.broadcastKeySecret, or make the stream public.")
            : null;

    /// <summary>
    /// Brings the pods to what the stream needs; null when their names are taken (the stream has failed, saying so).
    /// </summary>
    /// <param name="ingest">The ingest Secret, whose values the pods read (a change of them rolls the pods).</param>
    /// <param name="forward">Whether the pods push the publisher's media into the stream's input.</param>
    public async Task<SfuPods?> ReconcileAsync(StreamPass pass, V1Secret ingest, bool forward, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(ingest);
        var (stream, draft, sfu) = (pass.Stream, pass.Draft, options.Sfu);
        var running = Runs(stream);
        var maxPods = sfu.PodsFor(stream.Spec.Source.WebRtc?.MaxViewers ?? new WebRtcSource().MaxViewers);
        SfuCurrent current;
        try
        {
            current = await sfuWorkload.ReadAsync(stream, cancellationToken);
        }
        catch (ObjectNameTakenException e)
        {
            pass.Fail(SfuNameTaken, e.Message);
            await pass.RecordAsync(EventType.Warning, SfuNameTaken, "Validate", e.Message, cancellationToken);
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
        views = await DrainAsync(pass, pods, loads, views, plan, engineKeys, cancellationToken);

        var made = await sfuWorkload.ApplyAsync(stream, current, engineKeys, plan.Replicas, publishKeyDigest, forwardTo, cancellationToken);
        if (made.Count > 0)
        {
            await pass.RecordAsync(EventType.Normal, "Created", "Create", $"Created SFU {string.Join(", ", made)}", cancellationToken);
        }

        if (plan.Why is { } why && replicas > 0 && plan.Replicas != replicas)
        {
            await pass.RecordAsync(EventType.Normal, "Scaled", "Scale", $"SFU pods scaled from {replicas} to {plan.Replicas}: {why}", cancellationToken);
        }

        // A stopped stream waits for its pods to end; status lists those still there.
        var remaining = running ? pods : await sfuWorkload.PodsAsync(stream, cancellationToken);
        var listed = views.Select((view, i) => (View: view, Pod: pods[i], Load: loads[i])).Where(p => remaining.Any(r => r.Metadata.Uid == p.Pod.Metadata.Uid)).ToList();
        var ready = listed.Count(p => p.View.Ready);
        Report(pass, plan.Replicas, maxPods, listed);
        return new SfuPods(ready, plan.Replicas, remaining.Count, listed.Any(p => p.View.Publishing));
    }

    /// <summary>
    /// Drains the pod the plan lets go and takes back those it keeps; each pod hears whether it drains, so that new
    /// viewers go to the others meanwhile (one that restarted hears it again). Returns the pods as they are now.
    /// </summary>
    private async Task<List<SfuPodView>> DrainAsync(StreamPass pass, List<V1Pod> pods, SfuLoad?[] loads, List<SfuPodView> views, SfuPlan plan, SfuEngineKeys engineKeys, CancellationToken cancellationToken)
    {
        foreach (var pod in pods.Where(p => plan.Undrain.Contains(p.Metadata.Name!)))
        {
            await sfuWorkload.UndrainAsync(pod, cancellationToken);
            views = [.. views.Select(v => v.Name == pod.Metadata.Name ? v with { DrainingSince = null } : v)];
        }

        if (plan.Drain is { } drain)
        {
            await sfuWorkload.DrainAsync(pods.Single(p => p.Metadata.Name == drain), pass.Now, cancellationToken);
            views = [.. views.Select(v => v.Name == drain ? v with { DrainingSince = pass.Now } : v)];
            var load = views.Single(v => v.Name == drain).Sessions;
            await pass.RecordAsync(EventType.Normal, "Draining", "Scale", $"SFU pod {drain} drains: it goes once its {load} clients left (at most {options.Sfu.DrainTimeout.TotalMinutes:0.#} minutes), as fewer pods carry the stream's viewers", cancellationToken);
        }

        foreach (var (view, i) in views.Select((view, i) => (view, i)))
        {
            var draining = view.DrainingSince is not null;
            if (loads[i] is { Draining: { } told } && told != draining)
            {
                await sfuLoad.TellDrainingAsync(pods[i], draining, engineKeys.RoomAdminKey, cancellationToken);
            }
        }

        return views;
    }

    /// <summary>The pods in status, and SfuReady: whether as many are ready as the stream should run.</summary>
    private void Report(StreamPass pass, int replicas, int maxPods, List<(SfuPodView View, V1Pod Pod, SfuLoad? Load)> listed)
    {
        var running = Runs(pass.Stream);
        var ready = listed.Count(p => p.View.Ready);
        pass.Draft.Update(s => s with
        {
            Sfu = new SfuStatus
            {
                Deployment = SfuObjects.NameFor(pass.Stream),
                Service = SfuObjects.NameFor(pass.Stream),
                Replicas = replicas,
                MaxReplicas = maxPods,
                ReadyReplicas = ready,
                ViewersPerPod = options.Sfu.ViewersPerPod,
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
        pass.Draft.Condition(
            LiveStreamConditions.SfuReady,
            running && ready >= replicas,
            running ? (ready >= replicas ? "PodsReady" : "PodsNotReady") : "Stopped",
            running ? $"{ready} of {replicas} SFU pods ready." : "The stream is stopped; it runs no SFU pods.");
    }

    /// <summary>Whether the stream's pods run: it is asked to, and was not stopped for having no input (<see cref="IdleStop"/>).</summary>
    public static bool Runs(LiveStream stream) => stream.Spec.State == StreamState.Running && !IdleStop.Holds(stream);

    private static DateTimeOffset? DrainingSince(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(SfuObjects.DrainingAnnotation, out var since) == true
        && DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
}

/// <summary>What <see cref="SfuFleet.ReconcileAsync"/> found: pods ready, pods asked for, pods still there, and whether one has the publisher.</summary>
public sealed record SfuPods(int Ready, int Replicas, int Remaining, bool Publishing);
