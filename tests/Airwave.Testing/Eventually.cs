namespace Airwave.Testing;

/// <summary>Polls until a condition holds, within a bound; the failure says what was awaited and what was last seen.</summary>
public static class Eventually
{
    // Most probes start a process (kubectl, the AWS CLI): polling slower the longer a wait lasts keeps a short wait
    // prompt and a long one from spending the machine's cores on probes that the other tests running need.
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(1);

    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        var interval = FirstInterval;
        T last;
        do
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(interval);
            interval = TimeSpan.FromTicks(Math.Min(LongestInterval.Ticks, interval.Ticks * 3 / 2));
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{what}: not reached within {timeout}; last seen: {Describe(last)}");
        return last;
    }

    /// <summary>What a value says of itself; a collection that says only its type name, by its items.</summary>
    private static string? Describe<T>(T value) =>
        value is System.Collections.IEnumerable items && value.ToString() == value.GetType().ToString()
            ? $"[{string.Join(", ", items.Cast<object?>())}]"
            : value?.ToString();

    public static Task<T> MatchAsync<T>(Func<T> probe, Func<T, bool> condition, TimeSpan timeout, string what) =>
        MatchAsync(() => Task.FromResult(probe()), condition, timeout, what);
}
