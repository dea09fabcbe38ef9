namespace Airwave.Testing;

/// <summary>Polls until a condition holds, within a bound; the failure says what was awaited and what was last seen.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(Interval);
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
