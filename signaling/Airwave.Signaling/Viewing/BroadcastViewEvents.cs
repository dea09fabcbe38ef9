using Airwave.Events;
using Airwave.Events.Payloads;

namespace Airwave.Signaling.Viewing;

/// <summary>
/// A view of a broadcast in the integration's shapes, as a view of a LiveStream is: <c>stream.viewed</c> with the
/// broadcast as its <c>stream_data</c> (its session id, the broadcaster's user id as its name, the site as its
/// namespace) and who watches, and at its end <c>stream.analytics</c> with its <c>stream_performance</c>.
/// </summary>
public static class BroadcastViewEvents
{
    public static StreamingEvent Viewed(BroadcastView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new StreamingEvent
        {
            EventType = StreamingEventTypes.For(EventTypes.StreamViewed),
            Timestamp = now,
            StreamData = new StreamMetadata
            {
                StreamId = view.Broadcast.Id,
                Name = view.Broadcast.UserId,
                Namespace = view.Broadcast.SiteId,
                State = "live",
            },
            SessionId = view.Request.Id,
            UserAgent = view.UserAgent,
            IpAddress = view.IpAddress,
            ViewerUserId = view.Request.ViewerUserId,
        };
    }

    public static AnalyticsReport Performance(BroadcastView view, string endReason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new AnalyticsReport
        {
            StreamId = view.Broadcast.Id,
            Timestamp = now,
            AnalyticsType = AnalyticsReport.StreamPerformanceType,
            Data = view.Account.Summary(view.Id, view.Request.Id, endReason, contentSeconds: null) with
            {
                UserAgent = view.UserAgent,
                IpAddress = view.IpAddress,
                ViewerUserId = view.Request.ViewerUserId,
            },
        };
    }
}
