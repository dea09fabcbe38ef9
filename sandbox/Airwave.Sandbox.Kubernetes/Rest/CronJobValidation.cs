using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Workloads;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>What kube-apiserver checks of a CronJob before its controller ever reads it: the schedule and the time zone.</summary>
internal static class CronJobValidation
{
    public static IEnumerable<StatusCause> Validate(JsonObject cronJob)
    {
        var schedule = (string?)cronJob["spec"]?["schedule"] ?? "";
        string? problem = null;
        try
        {
            CronSchedule.Parse(schedule);
        }
        catch (FormatException e)
        {
            problem = e.Message;
        }

        if (schedule.Length == 0)
        {
            yield return new StatusCause("FieldValueRequired", "Required value", "spec.schedule");
        }
        else if (problem is not null)
        {
            yield return new StatusCause("FieldValueInvalid", $"Invalid value: \"{schedule}\": {problem}", "spec.schedule");
        }

        if ((string?)cronJob["spec"]?["timeZone"] is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            yield return new StatusCause("FieldValueInvalid", $"Invalid value: \"{zone}\": unknown time zone {zone}", "spec.timeZone");
        }
    }
}
