namespace Airwave.Mux;

/// <summary>Where the Mux API is and how calls to it are retried.</summary>
public sealed record MuxClientOptions
{
    /// <summary>The API's root; Mux's own by default, an emulator's in the sandbox.</summary>
    public Uri BaseAddress { get; init; } = new("https://api.mux.com/");

    /// <summary>Retries after the first attempt, for rate limiting (429) and, on calls that are safe to repeat, 5xx and transport failures.</summary>
    public int MaxRetries { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where call attempts are counted (the host's /metrics); not counted when null.</summary>
    public Http.MuxMetrics? Metrics { get; init; }
}
