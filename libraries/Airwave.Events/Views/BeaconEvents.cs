namespace Airwave.Events.Views;

/// <summary>What a player may report of a view, checked the same wherever it reports.</summary>
public static class BeaconEvents
{
    /// <summary>What is wrong with the events, naming the first bad one; null when they may be applied.</summary>
    public static string? Problem(IReadOnlyList<BeaconEvent?> events, int max)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return "The beacon carries no events.";
        }

        if (events.Count > max)
        {
            return $"A beacon carries at most {max} events; this one has {events.Count}.";
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e is null || e.Type is null || !BeaconEventTypes.All.Contains(e.Type))
            {
                return $"events[{i}].type is {e?.Type ?? "missing"}; it is one of {string.Join(", ", BeaconEventTypes.All)}.";
            }

            if (e.T is not { } t || !double.IsFinite(t) || t < 0)
            {
                return $"events[{i}].t must be the milliseconds since the view opened (a number of at least 0).";
            }

            if (e.Type == BeaconEventTypes.QualityChange && e.Rendition is null)
            {
                return $"events[{i}] is a quality_change without its rendition ({{\"bitrate\", \"width\", \"height\"}}).";
            }
        }

        return null;
    }
}
