using Airwave.Events;
using Airwave.Events.Views;
using Airwave.Webhook.Views;

namespace Airwave.Webhook.Tests;

/// <summary>How a view's events become its stream_performance: what a player reports, what the receiver reads.</summary>
public sealed class ViewAccountingTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_view_counts_startup_stalls_while_playing_and_rendition_switches_and_leaves_pauses_out_of_its_duration()
    {
        var view = Open(contentSeconds: null);
        var ended = view.Apply(
            [
                Event("play", 0),
                Event("quality_change", 100, new Rendition(800_000, 640, 360)),
                Event("playing", 900),
                Event("buffering_start", 5_000),
                Event("buffering_end", 6_500),
                Event("quality_change", 7_000, new Rendition(400_000, 416, 234)),
                Event("pause", 10_000),
                Event("play", 20_000),
                Event("playing", 20_200),
                Event("seek", 25_000),
                Event("buffering_start", 25_100),
                Event("buffering_end", 26_000),
                Event("error", 29_000) with { Code = "fragLoadError", Message = "segment 12 timed out" },
                Event("end", 30_000),
            ],
            Opened.AddSeconds(31));

        Assert.True(ended);
        var summary = view.Summary(ViewRegistry.EndedByPlayer);
        Assert.Equal(900, summary.StartupTimeMs);
        // 0–10 s watched, 10–20 s paused, 20–30 s watched; the stall after the seek is the seek's, not a rebuffer.
        Assert.Equal(20.0, summary.ViewDuration);
        Assert.Equal(1, summary.BufferingEvents);
        Assert.Equal(1.5, summary.BufferingDuration);
        Assert.Equal(0.075, summary.RebufferRatio);
        Assert.Equal(1, summary.QualityChanges);
        Assert.Equal(1, summary.Errors);
        Assert.Equal("fragLoadError: segment 12 timed out", summary.LastError);
        Assert.Equal("ended", summary.EndReason);
        Assert.Equal(2, summary.UserEngagement.Interactions);
    }

    [Fact]
    public void Engagement_follows_the_watch_ratio_against_the_videos_duration_and_the_interactions()
    {
        var whole = Open(contentSeconds: 20);
        whole.Apply([Event("play", 0), Event("playing", 500), Event("end", 18_000)], Opened.AddSeconds(19));
        Assert.Equal("high", whole.Summary("ended").UserEngagement.Level);
        Assert.Equal(0.9, whole.Summary("ended").UserEngagement.WatchRatio);

        var glance = Open(contentSeconds: 100);
        glance.Apply([Event("play", 0), Event("playing", 500), Event("end", 10_000)], Opened.AddSeconds(11));
        Assert.Equal("low", glance.Summary("ended").UserEngagement.Level);

        var paused = Open(contentSeconds: 100);
        paused.Apply([Event("play", 0), Event("playing", 500), Event("pause", 10_000), Event("end", 11_000)], Opened.AddSeconds(12));
        Assert.Equal("medium", paused.Summary("ended").UserEngagement.Level);
    }

    [Fact]
    public void A_player_clock_ahead_of_the_service_cannot_stretch_a_view_and_times_never_run_backwards()
    {
        var view = Open(contentSeconds: null);
        view.Apply([Event("play", 0), Event("playing", 100), Event("heartbeat", 3_600_000)], Opened.AddSeconds(10));
        view.Apply([Event("buffering_start", 1_000), Event("end", 12_000)], Opened.AddSeconds(12));

        var summary = view.Summary("ended");
        // Held to the service's 10 s (and 2 s of slack), then the stall reported "earlier" starts there.
        Assert.Equal(12.0, summary.ViewDuration);
        Assert.Equal(1, summary.BufferingEvents);
        Assert.Equal(0.0, summary.BufferingDuration);
    }

    [Fact]
    public void A_view_with_nothing_played_reports_no_startup_and_no_ratio()
    {
        var view = Open(contentSeconds: null);
        view.Apply([Event("heartbeat", 5_000)], Opened.AddSeconds(5));

        var summary = view.Summary(ViewRegistry.TimedOut);
        Assert.Null(summary.StartupTimeMs);
        Assert.Equal(0, summary.ViewDuration);
        Assert.Equal(0, summary.RebufferRatio);
        Assert.Equal("timed_out", summary.EndReason);
        Assert.Equal("low", summary.UserEngagement.Level);
    }

    [Fact]
    public void Beacons_past_the_allowance_of_a_second_are_refused_until_the_next()
    {
        var view = Open(contentSeconds: null);
        Assert.True(view.TryAdmitBeacon(Opened, 2));
        Assert.True(view.TryAdmitBeacon(Opened.AddMilliseconds(300), 2));
        Assert.False(view.TryAdmitBeacon(Opened.AddMilliseconds(600), 2));
        Assert.True(view.TryAdmitBeacon(Opened.AddSeconds(1), 2));
    }

    private static View Open(double? contentSeconds) =>
        new("view-1", new ViewTarget(ViewKinds.VideoAsset, new ResourceReference("media.airwave.dev/v1alpha1", "videoassets", "ns", "intro", "uid-1"), null, null, contentSeconds), "session-1", "test-agent", "192.0.2.0", Opened);

    private static BeaconEvent Event(string type, double t, Rendition? rendition = null) => new(type, t, rendition);
}
