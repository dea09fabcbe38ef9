namespace Airwave.Events.Sinks;

/// <summary>
/// One receiver of events, bound from <c>Downstream:Sinks:&lt;n&gt;</c>. Settable, as an item of a list: binding makes
/// one and keeps what it does not configure.
/// </summary>
public sealed record SinkOptions
{
    /// <summary>Names the sink in logs, metrics and the outbox's delivered marks; keep it stable.</summary>
    public string Name { get; set; } = "";

    public Uri? Url { get; set; }

    /// <summary>The bearer token itself; prefer <see cref="TokenSecretRef"/> outside of development.</summary>
    public string? Token { get; set; }

    /// <summary>A Secret key in the operator's namespace holding the bearer token.</summary>
    public SecretKeyReference? TokenSecretRef { get; set; }

    /// <summary>Event types to send, with <c>*</c> wildcards (<c>stream.*</c>); empty sends every type.</summary>
    public IReadOnlyList<string> Types { get; set; } = [];

    /// <summary>Namespaces whose events to send, with <c>*</c> wildcards; empty sends every namespace.</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per delivery cycle; undelivered events stay in the outbox for the next cycle.</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>Events per request; 1 sends single events in structured mode, more sends batches.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>CloudEvents, or the integration's plain payloads for receivers written for it.</summary>
    public EventFormat Format { get; set; } = EventFormat.CloudEvents;
}
