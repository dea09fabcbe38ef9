using Airwave.Connector.Meeting;

namespace Airwave.Connector.Tests;

/// <summary>When the push is said to fall behind the meeting, and to catch up: past 5 s behind, and back under 2 s.</summary>
public sealed class PushLagTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_push_that_falls_more_than_five_seconds_behind_is_behind_until_it_is_back_under_two()
    {
        var lag = new PushLag();

        var looks = new[]
        {
            lag.Changed(Start, TimeSpan.Zero),                                  // nothing sent yet
            lag.Changed(Start.AddSeconds(1), TimeSpan.FromSeconds(1)),          // the first media: the origin
            lag.Changed(Start.AddSeconds(6), TimeSpan.FromSeconds(2)),          // 4 s behind
            lag.Changed(Start.AddSeconds(10), TimeSpan.FromSeconds(3.5)),       // 6.5 s behind: fell behind
            lag.Changed(Start.AddSeconds(20), TimeSpan.FromSeconds(16)),        // 4 s behind: still behind
            lag.Changed(Start.AddSeconds(30), TimeSpan.FromSeconds(28.5)),      // 1.5 s behind: caught up
        };

        Assert.Equal([false, false, false, true, false, true], looks);
        Assert.False(lag.IsBehind);
        Assert.Equal(TimeSpan.FromSeconds(1.5), lag.Lag);
    }
}
