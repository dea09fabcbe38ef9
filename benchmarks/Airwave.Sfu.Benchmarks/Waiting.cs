namespace Airwave.Sfu.Benchmarks;

public static class Waiting
{
    /// <summary>Asks every 200 ms, for at most 30 s, until <paramref name="condition"/> holds; a request that fails counts as not yet.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"waited 30 s for {what}");
    }
}
