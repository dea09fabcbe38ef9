
namespace Airwave.Configuration.Tests;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Per_item_default_starts_at_5_ms_and_doubles()
    {
        var backoff = ExponentialBackoff.PerItemDefault;

        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.Delay(0));
        Assert.Equal(TimeSpan.FromMilliseconds(10), backoff.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(20), backoff.Delay(2));
        Assert.Equal(TimeSpan.FromMilliseconds(5120), backoff.Delay(10));
    }

    [Fact]
    public void Per_item_default_is_capped_at_1000_seconds_even_after_many_failures()
    {
        Assert.Equal(TimeSpan.FromSeconds(1000), ExponentialBackoff.PerItemDefault.Delay(18));
        Assert.Equal(TimeSpan.FromSeconds(1000), ExponentialBackoff.PerItemDefault.Delay(10_000));
    }

    [Fact]
    public void Jitter_lengthens_the_delay_by_at_most_its_fraction()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Jitter: 0.5);

        for (var i = 0; i < 100; i++)
        {
            var delay = backoff.Delay(2);
            Assert.InRange(delay, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        }
    }
}
