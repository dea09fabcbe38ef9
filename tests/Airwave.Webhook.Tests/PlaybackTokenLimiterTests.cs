using Airwave.Webhook.PlaybackTokens;

namespace Airwave.Webhook.Tests;

/// <summary>Token requests are counted per caller: one that loops is refused while the others are served.</summary>
public sealed class PlaybackTokenLimiterTests
{
    [Fact]
    public void A_caller_over_its_rate_is_refused_and_another_caller_is_not()
    {
        using var limiter = new PlaybackTokenLimiter(perSecond: 1);

        // Ten attempts within far less than a second span at most two one-second windows: at most two are let through.
        var granted = Enumerable.Range(0, 10).Count(_ => limiter.TryAcquire("system:serviceaccount:team:looping"));

        Assert.InRange(granted, 1, 2);
        Assert.True(limiter.TryAcquire("system:serviceaccount:team:player"));
    }
}
