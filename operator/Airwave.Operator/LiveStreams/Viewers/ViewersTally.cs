using Airwave.Api.LiveStreams;

namespace Airwave.Operator.LiveStreams.Viewers;

/// <summary>A stream's status.viewers after a count: the views open now, and the most since the stream last started.</summary>
public static class ViewersTally
{
    /// <param name="counted">What status says now.</param>
    /// <param name="open">Views open now, across the webhook's replicas.</param>
    /// <param name="lastStarted">When the stream last started: a peak from before is the last run's, and is replaced.</param>
    /// <returns>Null while no view was ever counted, so a stream nobody watched has no viewers in status.</returns>
    public static ViewersStatus? Next(ViewersStatus? counted, int open, DateTimeOffset? lastStarted, DateTimeOffset now)
    {
        if (counted is null)
        {
            return open == 0 ? null : new ViewersStatus { Current = open, Peak = open, PeakTime = now };
        }

        var newRun = lastStarted is { } started && (counted.PeakTime is not { } peakTime || peakTime < started);
        return newRun || open > counted.Peak
            ? new ViewersStatus { Current = open, Peak = open, PeakTime = now }
            : counted with { Current = open };
    }
}
