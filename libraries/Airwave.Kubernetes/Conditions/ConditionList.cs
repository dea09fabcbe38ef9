using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Conditions;

/// <summary>Reads and sets status conditions the way apimachinery's meta.SetStatusCondition does.</summary>
public static class ConditionList
{
    public static Condition? Find(IReadOnlyList<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IReadOnlyList<Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.True;

    /// <summary>
    /// Sets a condition. lastTransitionTime moves only when the status changes; when nothing changes the same
    /// list is returned, so an unchanged status is recognisably unchanged and not written again.
    /// </summary>
    public static IReadOnlyList<Condition> Set(
        IReadOnlyList<Condition>? conditions,
        string type,
        ConditionStatus status,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now)
    {
        conditions ??= [];
        var existing = Find(conditions, type);
        var updated = new Condition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = observedGeneration,
            LastTransitionTime = existing is not null && existing.Status == status ? existing.LastTransitionTime : TruncateToSeconds(now),
        };
        if (existing is null)
        {
            return [.. conditions, updated];
        }

        return existing == updated ? conditions : [.. conditions.Select(c => c.Type == type ? updated : c)];
    }

    /// <summary>Removes a condition; returns the same list when it was not there.</summary>
    public static IReadOnlyList<Condition> Remove(IReadOnlyList<Condition>? conditions, string type)
    {
        conditions ??= [];
        return Find(conditions, type) is null ? conditions : [.. conditions.Where(c => c.Type != type)];
    }

    // The server keeps seconds only; a sub-second value would differ from what is read back and look changed.
    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
