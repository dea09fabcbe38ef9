using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's Job controller: keeps up to `parallelism` pods running until `completions` of them
/// succeeded (Complete), a failed pod replaced after a growing back-off, or more than `backoffLimit` failed or `activeDeadlineSeconds` passed (Failed, the rest
/// deleted); `ttlSecondsAfterFinished` deletes a finished Job and, through the garbage collector, its pods.
/// </summary>
internal sealed class JobController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.Jobs.StorageKey, time)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MostBackoff = TimeSpan.FromMinutes(10);

    protected override void ReconcileOne(StoredObject job)
    {
        var obj = job.ToJson();
        var spec = obj["spec"] as JsonObject ?? [];
        var status = obj["status"] as JsonObject ?? [];
        var now = Time.GetUtcNow();
        if (Finished(status) is { } finishedAt)
        {
            if ((int?)spec["ttlSecondsAfterFinished"] is { } ttl && now >= finishedAt + TimeSpan.FromSeconds(ttl))
            {
                Service.DeleteInBackground(job);
            }

            return;
        }

        var pods = PodsOf(job);
        var succeeded = pods.Count(p => p.Phase == "Succeeded");
        var failed = pods.Count(p => p.Phase == "Failed");
        var active = pods.Where(p => p.IsActive).ToList();
        var completions = (int?)spec["completions"] ?? 1;
        var parallelism = (int?)spec["parallelism"] ?? 1;
        var backoffLimit = (int?)spec["backoffLimit"] ?? 6;
        var startTime = DateTimeOffset.TryParse((string?)status["startTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) ? started : now;

        (string Reason, string Message)? failure = failed > backoffLimit
            ? ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
            : (long?)spec["activeDeadlineSeconds"] is { } deadline && now >= startTime + TimeSpan.FromSeconds(deadline)
                ? ("DeadlineExceeded", "Job was active longer than specified deadline")
                : null;
        var complete = failure is null && succeeded >= completions;
        var created = 0;
        if (failure is not null)
        {
            foreach (var pod in active)
            {
                Service.DeleteInBackground(pod.Stored);
            }
        }
        else if (!complete && NextPodAt(pods) <= now)
        {
            for (var i = active.Count; i < Math.Min(parallelism, completions - succeeded); i++, created++)
            {
                Service.Create(BuiltInResources.Pods, job.Key.Namespace, PodTemplates.PodFor(job, "batch/v1", "Job", spec["template"] as JsonObject ?? []), WriteOptions.Default);
            }
        }

        var conditions = new JsonArray();
        if (failure is { } f)
        {
            conditions.Add(Condition("FailureTarget", f.Reason, f.Message, now));
            conditions.Add(Condition("Failed", f.Reason, f.Message, now));
        }
        else if (complete)
        {
            conditions.Add(Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now));
            conditions.Add(Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
        }

        var finished = failure is not null || complete;
        var next = new JsonObject
        {
            ["startTime"] = KubernetesTimeConverter.ToText(startTime),
            ["active"] = finished ? 0 : active.Count + created,
            ["succeeded"] = succeeded,
            ["failed"] = failed,
            ["ready"] = active.Count(p => p.IsReady),
            ["terminating"] = Service.Store.Dependents(job.Uid).Count(p => p.Storage == BuiltInResources.Pods.StorageKey && p.IsDeleting),
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        if (complete)
        {
            next["completionTime"] = KubernetesTimeConverter.ToText(now);
        }

        if (conditions.Count > 0)
        {
            next["conditions"] = conditions;
        }

        StatusWrites.Write(Service, job, next);
    }

    /// <summary>
    /// When the Job may start another pod: at once until a pod fails, then kube-controller-manager's back-off from the
    /// last failure — 10 s, doubled for each failure since the last success, at most 10 minutes.
    /// </summary>
    private static DateTimeOffset NextPodAt(IReadOnlyList<OwnedPod> pods)
    {
        var lastSuccess = pods.Where(p => p.Phase == "Succeeded").Max(p => p.FinishedAt) ?? DateTimeOffset.MinValue;
        var failures = pods.Where(p => p.Phase == "Failed" && (p.FinishedAt ?? DateTimeOffset.MaxValue) > lastSuccess).ToList();
        if (failures.Count == 0)
        {
            return DateTimeOffset.MinValue;
        }

        var lastFailure = failures.Max(p => p.FinishedAt) ?? DateTimeOffset.MinValue;
        var backoff = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << Math.Min(failures.Count - 1, 16), MostBackoff.Ticks));
        return lastFailure + backoff;
    }

    private static DateTimeOffset? Finished(JsonObject status)
    {
        var done = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["type"] is "Complete" or "Failed" && (string?)c["status"] == "True");
        if (!done)
        {
            return null;
        }

        var at = (string?)status["completionTime"] ?? (string?)(status["conditions"] as JsonArray)?.OfType<JsonObject>().LastOrDefault()?["lastTransitionTime"];
        return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished) ? finished : DateTimeOffset.MinValue;
    }

    private static JsonObject Condition(string type, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = KubernetesTimeConverter.ToText(now),
        ["lastTransitionTime"] = KubernetesTimeConverter.ToText(now),
        ["reason"] = reason,
        ["message"] = message,
    };
}
