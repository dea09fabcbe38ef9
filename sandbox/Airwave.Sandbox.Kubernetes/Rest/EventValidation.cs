using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>
/// What kube-apiserver's ValidateEventCreate checks of a new Event (given in its stored, core v1 form): an event
/// with an eventTime names who reported it and what it did, whichever API it came through; one created through
/// events.k8s.io/v1 must have an eventTime and a Normal or Warning type, a series of at least two, and none of the
/// core view's own fields (firstTimestamp, lastTimestamp, count, source), which only core v1 writers set.
/// </summary>
internal static class EventValidation
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    public static IReadOnlyList<StatusCause> OnCreate(JsonObject stored, bool throughEventsApi)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var causes = new List<StatusCause>();
        if (stored["eventTime"] is not null)
        {
            Required(causes, stored, "reportingComponent", "reportingController");
            Required(causes, stored, "reportingInstance");
            Required(causes, stored, "action");
            Required(causes, stored, "reason");
            TooLong(causes, stored, "reportingInstance", ReportingInstanceLengthLimit);
            TooLong(causes, stored, "action", ActionLengthLimit);
            TooLong(causes, stored, "reason", ReasonLengthLimit);
            TooLong(causes, stored, "message", NoteLengthLimit);
        }

        if (!throughEventsApi)
        {
            return causes;
        }

        if (stored["eventTime"] is null)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "eventTime"));
        }

        if ((string?)stored["type"] is not ("Normal" or "Warning"))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"\": has invalid value: {(string?)stored["type"]}", "type"));
        }

        foreach (var coreOnly in new[] { "firstTimestamp", "lastTimestamp", "count", "source" })
        {
            if (stored[coreOnly] is { } value && !IsUnset(value))
            {
                causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: \"\": needs to be unset", coreOnly));
            }
        }

        if (stored["series"] is JsonObject series)
        {
            if ((int?)series["count"] is not >= 2)
            {
                causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: \"\": should be at least 2", "series.count"));
            }

            if (series["lastObservedTime"] is null)
            {
                causes.Add(new StatusCause("FieldValueRequired", "Required value", "series.lastObservedTime"));
            }
        }

        return causes;
    }

    /// <summary>A zero count or an empty source is unset, as Go's zero values are.</summary>
    private static bool IsUnset(JsonNode value) => value switch
    {
        JsonObject source => string.IsNullOrEmpty((string?)source["component"]) && string.IsNullOrEmpty((string?)source["host"]),
        JsonValue number when number.TryGetValue<long>(out var count) => count == 0,
        _ => false,
    };

    private static void Required(List<StatusCause> causes, JsonObject stored, string field, string? reportedAs = null)
    {
        if (string.IsNullOrEmpty((string?)stored[field]))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", reportedAs ?? field));
        }
    }

    private static void TooLong(List<StatusCause> causes, JsonObject stored, string field, int limit)
    {
        if (((string?)stored[field])?.Length > limit)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"\": can have at most {limit} characters", field));
        }
    }
}
