using Airwave.Api.LiveStreams;
using Airwave.Operator.LiveStreams.Viewers;

namespace Airwave.Operator.Tests.LiveStreams;

public sealed class ViewersTallyTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stream_nobody_watched_gets_no_viewers_and_the_first_view_is_its_peak()
    {
        Assert.Null(ViewersTally.Next(null, 0, Started, Started.AddMinutes(1)));
        Assert.Equal(new ViewersStatus { Current = 2, Peak = 2, PeakTime = Started.AddMinutes(1) }, ViewersTally.Next(null, 2, Started, Started.AddMinutes(1)));
    }

    [Fact]
    public void The_peak_rises_with_the_count_and_stays_when_viewers_leave()
    {
        var counted = new ViewersStatus { Current = 5, Peak = 5, PeakTime = Started.AddMinutes(1) };

        Assert.Equal(counted with { Current = 2 }, ViewersTally.Next(counted, 2, Started, Started.AddMinutes(2)));
        Assert.Equal(counted with { Current = 5 }, ViewersTally.Next(counted with { Current = 4 }, 5, Started, Started.AddMinutes(3)));
        Assert.Equal(new ViewersStatus { Current = 6, Peak = 6, PeakTime = Started.AddMinutes(4) }, ViewersTally.Next(counted, 6, Started, Started.AddMinutes(4)));
    }

    [Fact]
    public void A_new_run_starts_its_peak_from_the_viewers_it_has()
    {
        var lastRun = new ViewersStatus { Current = 1, Peak = 40, PeakTime = Started.AddHours(-3) };

        Assert.Equal(new ViewersStatus { Current = 1, Peak = 1, PeakTime = Started.AddSeconds(5) }, ViewersTally.Next(lastRun, 1, Started, Started.AddSeconds(5)));
        Assert.Equal(new ViewersStatus { Current = 0, Peak = 0, PeakTime = Started.AddSeconds(5) }, ViewersTally.Next(lastRun with { Current = 0 }, 0, Started, Started.AddSeconds(5)));

        // A stream that never started (an upload's, say) keeps one peak.
        Assert.Equal(lastRun with { Current = 3 }, ViewersTally.Next(lastRun, 3, null, Started));
    }
}
