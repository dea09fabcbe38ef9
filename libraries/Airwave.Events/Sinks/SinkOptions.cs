namespace Airwave.Events.Sinks;

/// <summary>One receiver of events, bound from <c>Downstream:Sinks:&lt;n&gt;</c>.</summary>
public sealed record SinkOptions
{
    /// <summary>Names the sink in logs, metrics and the outbox's delivered marks; keep it stable.</summary>
    public string Name { get; init; } = "";

    public Uri? Url { get; init; }

    /// <summary>The bearer token itself; prefer <see cref="TokenSecretRef"/> outside of development.</summary>
    public string? Token { get; init; }

    /// <summary>A Secret key in the operator's namespace holding the bearer token.</summary>
    public SecretKeyReference? TokenSecretRef { get; init; }

    /// <summary>Event types to send, with <c>*</c> wildcards (<c>stream.*</c>); empty sends every type.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Namespaces whose events to send, with <c>*</c> wildcards; empty sends every namespace.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per delivery cycle; undelivered events stay in the outbox for the next cycle.</summary>
    public int RetryAttempts { get; init; } = 3;

    /// <summary>Events per request; 1 sends single events in structured mode, more sends batches.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>CloudEvents, or the integration's plain payloads for receivers written for it.</summary>
    public EventFormat Format { get; init; } = EventFormat.CloudEvents;
}
