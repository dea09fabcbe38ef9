namespace Airwave.Events.Delivery;

/// <summary>Exponential backoff with jitter: attempt n waits between half and all of initial·2^(n-1), capped.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    /// <summary>The receiver's Retry-After when it gave one (never past the cap), else <see cref="Delay"/>.</summary>
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter) =>
        retryAfter is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, max.Ticks)) : Delay(attempt);
}
