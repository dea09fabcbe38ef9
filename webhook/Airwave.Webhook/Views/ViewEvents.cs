using Airwave.Events;
using Airwave.Events.Payloads;

namespace Airwave.Webhook.Views;

/// <summary>A view as the integration's events: <c>*.viewed</c> when it opens, its <c>stream_performance</c> analytics when it ends.</summary>
public static class ViewEvents
{
    public static ResourceEvent Viewed(View view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var target = view.Target;
        if (target.Video is { } video)
        {
            return ResourceEvent.Create(EventTypes.VideoViewed, target.Subject, view.Id, now, new VideoEvent
            {
                EventType = VideoEventTypes.For(EventTypes.VideoViewed),
                Timestamp = now,
                VideoData = video,
                SessionId = view.SessionId,
                UserAgent = view.UserAgent,
                IpAddress = view.IpAddress,
            });
        }

        return ResourceEvent.Create(EventTypes.StreamViewed, target.Subject, view.Id, now, new StreamingEvent
        {
            EventType = StreamingEventTypes.For(EventTypes.StreamViewed),
            Timestamp = now,
            StreamData = target.Stream!,
            SessionId = view.SessionId,
            UserAgent = view.UserAgent,
            IpAddress = view.IpAddress,
        });
    }

    public static ResourceEvent Performance(View view, StreamPerformance performance, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var type = view.Target.Video is null ? EventTypes.StreamAnalytics : EventTypes.VideoAnalytics;
        return ResourceEvent.Create(type, view.Target.Subject, view.Id, now, new AnalyticsReport
        {
            StreamId = view.Target.Subject.Uid,
            Timestamp = now,
            AnalyticsType = AnalyticsReport.StreamPerformanceType,
            Data = performance,
        });
    }
}
