using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's CronJob controller: at each time the schedule names (in <c>timeZone</c>, else UTC) after
/// the last one run, or the CronJob's creation, a Job from <c>jobTemplate</c> named <c>NAME-MINUTES</c> (the
/// scheduled time in minutes since the epoch), unless suspended, later than <c>startingDeadlineSeconds</c>, or
/// forbidden by <c>concurrencyPolicy</c> while one still runs (Replace deletes it instead). Finished Jobs beyond the
/// history limits are deleted, oldest first. Only the most recent of several missed times runs.
/// </summary>
internal sealed class CronJobController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.CronJobs.StorageKey, time)
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private const string Component = "cronjob-controller";

    // The times each CronJob has already said it skipped, so that each is said once.
    private readonly Dictionary<string, DateTimeOffset> _skipped = [];

    protected override void ReconcileOne(StoredObject cronJob)
    {
        var obj = cronJob.ToJson();
        var spec = obj["spec"] as JsonObject ?? [];
        var status = obj["status"] as JsonObject ?? [];
        var now = Time.GetUtcNow();
        var jobs = Service.Store.Dependents(cronJob.Uid)
            .Where(j => j.Storage == BuiltInResources.Jobs.StorageKey && !j.IsDeleting)
            .OrderBy(j => j.ResourceVersion)
            .ToList();
        var active = jobs.Where(j => Finished(j.ToJson()) is null).ToList();
        CleanUp(jobs, "Complete", (int?)spec["successfulJobsHistoryLimit"] ?? 3);
        CleanUp(jobs, "Failed", (int?)spec["failedJobsHistoryLimit"] ?? 1);

        var lastScheduled = ParseTime((string?)status["lastScheduleTime"]) ?? ParseTime((string?)obj["metadata"]?["creationTimestamp"]) ?? now;
        var everScheduled = status["lastScheduleTime"] is not null;
        if ((bool?)spec["suspend"] != true && Due(spec, lastScheduled, now) is { } scheduled)
        {
            var policy = (string?)spec["concurrencyPolicy"] ?? "Allow";
            if (policy == "Forbid" && active.Count > 0)
            {
                if (_skipped.GetValueOrDefault(cronJob.Uid) != scheduled)
                {
                    _skipped[cronJob.Uid] = scheduled;
                    ControllerEvents.Record(Service, BuiltInResources.CronJobs, cronJob, Component, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid", now);
                }
            }
            else
            {
                if (policy == "Replace")
                {
                    active.ForEach(Service.DeleteInBackground);
                    active.Clear();
                }

                _skipped.Remove(cronJob.Uid);
                var started = Start(cronJob, spec, scheduled);
                active.Add(started);
                ControllerEvents.Record(Service, BuiltInResources.CronJobs, cronJob, Component, "Normal", "SuccessfulCreate", $"Created job {started.Key.Name}", now);
                lastScheduled = scheduled;
                everScheduled = true;
            }
        }

        var newStatus = new JsonObject
        {
            ["active"] = new JsonArray([.. active.Select(j => (JsonNode)Reference(j))]),
            ["lastScheduleTime"] = KubernetesTimeConverter.ToText(lastScheduled),
        };
        if (jobs.Select(j => Finished(j.ToJson())).Where(f => f?.Type == "Complete").Max(f => f?.At) is { } lastSuccess)
        {
            newStatus["lastSuccessfulTime"] = KubernetesTimeConverter.ToText(lastSuccess);
        }

        if (!everScheduled)
        {
            newStatus.Remove("lastScheduleTime");
        }

        StatusWrites.Write(Service, cronJob, newStatus);
    }

    /// <summary>The most recent scheduled time after the last run and not after now, if it is not too late to start it.</summary>
    private static DateTimeOffset? Due(JsonObject spec, DateTimeOffset last, DateTimeOffset now)
    {
        CronSchedule schedule;
        TimeZoneInfo zone;
        try
        {
            schedule = CronSchedule.Parse((string?)spec["schedule"] ?? "");
            zone = (string?)spec["timeZone"] is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
        }
        catch (Exception e) when (e is FormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }

        // After a long pause (the sandbox stopped) only the most recent time counts, as the controller starts only it.
        var from = last < now - TimeSpan.FromDays(1) ? now - TimeSpan.FromDays(1) : last;
        DateTimeOffset? due = null;
        for (var next = schedule.Next(from, zone); next is { } t && t <= now; next = schedule.Next(t, zone))
        {
            due = t;
        }

        return due is { } time && (long?)spec["startingDeadlineSeconds"] is { } deadline && now - time > TimeSpan.FromSeconds(deadline) ? null : due;
    }

    private StoredObject Start(StoredObject cronJob, JsonObject spec, DateTimeOffset scheduled)
    {
        var template = spec["jobTemplate"] as JsonObject ?? [];
        var annotations = template["metadata"]?["annotations"]?.DeepClone() as JsonObject ?? [];
        annotations[ScheduledTimestampAnnotation] = scheduled.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var name = $"{cronJob.Key.Name}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";
        var job = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "batch/v1",
                    ["kind"] = "CronJob",
                    ["name"] = cronJob.Key.Name,
                    ["uid"] = cronJob.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        try
        {
            return Service.Create(BuiltInResources.Jobs, cronJob.Key.Namespace, job, WriteOptions.Default).Object;
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Made already for this time (the status write that said so was lost).
            return Service.Get(BuiltInResources.Jobs, cronJob.Key.Namespace, name);
        }
    }

    private void CleanUp(List<StoredObject> jobs, string outcome, int keep)
    {
        var finished = jobs.Where(j => Finished(j.ToJson())?.Type == outcome).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - keep)))
        {
            Service.DeleteInBackground(old);
        }
    }

    /// <summary>How and when a Job finished (its Complete or Failed condition), or null while it runs.</summary>
    private static (string Type, DateTimeOffset At)? Finished(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(c => (string?)c["type"] is "Complete" or "Failed" && (string?)c["status"] == "True")
            .Select(c => ((string)c["type"]!, ParseTime((string?)c["lastTransitionTime"]) ?? DateTimeOffset.MinValue))
            .Cast<(string, DateTimeOffset)?>()
            .FirstOrDefault();

    private static JsonObject Reference(StoredObject job) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["name"] = job.Key.Name,
        ["namespace"] = job.Key.Namespace,
        ["uid"] = job.Uid,
        ["resourceVersion"] = job.ResourceVersion.ToString(CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
