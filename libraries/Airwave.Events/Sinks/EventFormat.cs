namespace Airwave.Events.Sinks;

/// <summary>How a sink's requests carry events.</summary>
public enum EventFormat
{
    /// <summary>CloudEvents 1.0 JSON: each event's id, type, source and time around its payload (its <c>data</c>).</summary>
    CloudEvents,

    /// <summary>The downstream integration's own bodies: each event's payload alone, as receivers written for it read them.</summary>
    Plain,
}
