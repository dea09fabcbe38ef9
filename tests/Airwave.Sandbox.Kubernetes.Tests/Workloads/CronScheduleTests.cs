using Airwave.Sandbox.Kubernetes.Workloads;

namespace Airwave.Sandbox.Kubernetes.Tests.Workloads;

/// <summary>CronJob schedules read as cron reads them, the next times worked out by hand from a calendar.</summary>
public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("*/15 * * * *", "2026-11-30T10:07:30Z", "2026-11-30T10:15:00Z")]
    [InlineData("*/15 * * * *", "2026-11-30T10:15:00Z", "2026-11-30T10:30:00Z")]
    // 27 November 2026 is a Friday: the next weekday morning is Monday's.
    [InlineData("0 9 * * 1-5", "2026-11-27T09:30:00Z", "2026-11-30T09:00:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-11-27T09:30:00Z", "2026-11-30T09:00:00Z")]
    // Both day fields restricted: the 13th or a Friday, whichever comes first.
    [InlineData("0 0 13 * 5", "2026-11-26T12:00:00Z", "2026-11-27T00:00:00Z")]
    [InlineData("0 0 13 * 5", "2026-12-10T12:00:00Z", "2026-12-11T00:00:00Z")]
    // Only the day of month restricted: the 31st, skipping the months without one.
    [InlineData("30 4 31 * *", "2026-11-01T00:00:00Z", "2026-12-31T04:30:00Z")]
    [InlineData("0 12 1 jan,Jul *", "2026-11-30T00:00:00Z", "2027-01-01T12:00:00Z")]
    [InlineData("@hourly", "2026-11-30T10:59:30Z", "2026-11-30T11:00:00Z")]
    [InlineData("@weekly", "2026-11-30T10:00:00Z", "2026-12-06T00:00:00Z")]
    [InlineData("5/20 * * * *", "2026-11-30T10:46:00Z", "2026-11-30T11:05:00Z")]
    [InlineData("0 0 * * 7", "2026-11-30T10:00:00Z", "2026-12-06T00:00:00Z")]
    public void The_next_time_is_the_first_minute_after_that_the_schedule_names(string schedule, string after, string next)
    {
        var parsed = CronSchedule.Parse(schedule);

        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), parsed.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_time_zone_moves_the_schedule_to_its_clock()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        // 00:30 UTC is 09:30 in Tokyo: nine o'clock there comes again the next day, at midnight UTC.
        var next = CronSchedule.Parse("0 9 * * *").Next(new DateTimeOffset(2026, 11, 30, 0, 30, 0, TimeSpan.Zero), tokyo);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), next?.ToUniversalTime());
    }

    [Theory]
    [InlineData("61 * * * *", "61 is out of bounds [0, 59]")]
    [InlineData("* * *", "expected exactly 5 fields, found 3")]
    [InlineData("* * * FOO *", "\"FOO\" is not a number")]
    [InlineData("10-5 * * * *", "beginning of range (10) beyond end of range (5)")]
    [InlineData("*/0 * * * *", "bad step")]
    [InlineData("TZ=UTC 0 * * * *", "use timeZone field instead")]
    public void A_schedule_cron_cannot_read_says_why(string schedule, string why)
    {
        var refused = Assert.Throws<FormatException>(() => CronSchedule.Parse(schedule));

        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }
}
