using System.Data.Common;
using Airwave.Events;
using Airwave.Events.CloudEvents;
using Airwave.Events.Delivery;
using Airwave.Events.Metrics;
using Airwave.Events.Payloads;
using Airwave.Events.Sinks;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Events;

/// <summary>
/// Writes the events about broadcasts into the outbox within the store's transactions: <c>broadcast.started</c>,
/// <c>broadcast.ended</c> and, when a broadcast ends, one <c>broadcast.analytics</c> per UTC day it counted time on;
/// and its viewers' views.
/// A sink's <c>Namespaces</c> patterns match site ids. With no sink configured nothing is written.
/// </summary>
public sealed class BroadcastEvents(SinkRouter router, DatabaseOutbox outbox, DeliverySignal signal, EventsMetrics metrics, TimeProvider clock)
{
    /// <summary>A writer for the events of one transaction; call <see cref="Batch.Committed"/> once it committed.</summary>
    public Batch In(DbTransaction transaction) => new(router, outbox, signal, metrics, clock, transaction);

    public sealed class Batch(SinkRouter router, DatabaseOutbox outbox, DeliverySignal signal, EventsMetrics metrics, TimeProvider clock, DbTransaction transaction)
    {
        private readonly List<string> _written = [];

        public Task StartedAsync(string siteId, string userId, string sessionId, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
            WriteAsync(EventTypes.BroadcastStarted, siteId, userId, sessionId, "", new BroadcastEventData { SiteId = siteId, UserId = userId, SessionId = sessionId, StartedAt = startedAt }, cancellationToken);

        /// <summary>The ended event and the analytics of a session that this transaction ended.</summary>
        public async Task EndedAsync(string sessionId, CancellationToken cancellationToken)
        {
            var sessions = await transaction.QueryAsync(
                "SELECT site_id, user_id, started_at, ended_at, end_reason, broadcast_ms FROM broadcast_sessions WHERE id = @id",
                r => new BroadcastEventData
                {
                    SiteId = r.GetString(0),
                    UserId = r.GetString(1),
                    SessionId = sessionId,
                    StartedAt = r.GetTime(2),
                    EndedAt = r.GetNullableTime(3),
                    EndReason = r.GetNullableString(4),
                    BroadcastSeconds = r.GetInt64(5) / 1000.0,
                },
                cancellationToken,
                ("id", sessionId));
            var session = sessions.Single();
            await WriteAsync(EventTypes.BroadcastEnded, session.SiteId, session.UserId, sessionId, "", session, cancellationToken);
            var days = await transaction.QueryAsync(
                "SELECT day, milliseconds FROM session_time WHERE session_id = @id ORDER BY day",
                r => (Day: r.GetString(0), Milliseconds: r.GetInt64(1)),
                cancellationToken,
                ("id", sessionId));
            foreach (var (day, milliseconds) in days)
            {
                var data = new BroadcastTimeData { SiteId = session.SiteId, UserId = session.UserId, SessionId = sessionId, Day = day, BroadcastSeconds = milliseconds / 1000.0 };
                await WriteAsync(EventTypes.BroadcastAnalytics, session.SiteId, session.UserId, sessionId, day, data, cancellationToken);
            }
        }

        /// <summary>An event of a viewer's view of the broadcast (<c>stream.viewed</c>, <c>stream.analytics</c>): one of each type per view.</summary>
        public Task ViewAsync<T>(string type, string siteId, string userId, string sessionId, string viewId, T data, CancellationToken cancellationToken)
            where T : IEventPayload<T> =>
            WriteAsync(type, siteId, userId, sessionId, viewId, data, cancellationToken);

        /// <summary>Counts what the committed transaction published and wakes the delivery.</summary>
        public void Committed()
        {
            foreach (var type in _written)
            {
                metrics.Published(type);
            }

            if (_written.Count > 0)
            {
                signal.Wake();
            }
        }

        private async Task WriteAsync<T>(string type, string siteId, string userId, string sessionId, string occurrence, T data, CancellationToken cancellationToken)
            where T : IEventPayload<T>
        {
            var sinks = router.SinksFor(type, siteId);
            if (sinks.Count == 0)
            {
                return;
            }

            var cloudEvent = CloudEventFormat.InCurrentTrace(new CloudEvent
            {
                // Derived from what happened, so a repeat of the same change (another replica's) is stored once.
                Id = ResourceEvent.IdFor(sessionId, type, occurrence),
                Source = $"/api/v1/sites/{siteId}/broadcasts/{sessionId}",
                Type = EventTypes.CloudEventPrefix + type,
                Subject = $"{siteId}/{userId}",
                Time = clock.GetUtcNow(),
                ResourceUid = sessionId,
                Data = CloudEventFormat.Data(data),
            });
            if (await outbox.AppendAsync(transaction, cloudEvent, _written.Count, sinks, cancellationToken))
            {
                _written.Add(type);
            }
        }
    }
}
