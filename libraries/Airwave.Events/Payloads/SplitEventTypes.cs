namespace Airwave.Events.Payloads;

/// <summary>The <c>event_type</c> values of <see cref="SplitEvent"/>, one per split transition.</summary>
public static class SplitEventTypes
{
    public static string For(string type) => type switch
    {
        EventTypes.SplitSectionSucceeded => "split_section_succeeded",
        EventTypes.SplitSucceeded => "split_succeeded",
        EventTypes.SplitFailed => "split_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a split transition"),
    };
}
