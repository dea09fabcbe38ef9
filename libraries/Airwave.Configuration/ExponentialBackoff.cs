namespace Airwave.Configuration;

/// <summary>Delays that double per failure up to a cap, optionally spread by jitter so retries do not align.</summary>
/// <param name="Jitter">Fraction of the delay added at random (0.2 = up to 20 % longer).</param>
public sealed record ExponentialBackoff(TimeSpan Initial, TimeSpan Max, double Jitter = 0)
{
    /// <summary>controller-runtime's per-item default: 5 ms, doubling, at most 1000 s.</summary>
    public static ExponentialBackoff PerItemDefault { get; } = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

    /// <param name="failures">Failures so far; the first retry (failures = 0) waits <see cref="Initial"/>.</param>
    public TimeSpan Delay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failures);

        // Past 2^40 the cap has long been reached; stopping there keeps the arithmetic finite.
        var exponential = Initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 40));
        var capped = Math.Min(exponential, Max.TotalMilliseconds);
        var jittered = Jitter > 0 ? capped * (1 + (Jitter * Random.Shared.NextDouble())) : capped;
        return TimeSpan.FromMilliseconds(jittered);
    }
}
