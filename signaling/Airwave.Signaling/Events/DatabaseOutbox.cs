using System.Data.Common;
using System.Text.Json;
using Airwave.Events.CloudEvents;
using Airwave.Events.Outbox;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Events;

/// <summary>
/// The signaling service's outbox: tables of its own database (event_outbox, and event_deliveries with one row per
/// sink still to deliver to), so an event is written in the same transaction as the change it reports. Each sink's
/// delivery removes only its own row, so sinks delivering at once never undo each other's marks.
/// </summary>
public sealed class DatabaseOutbox(SignalingDatabase database, TimeProvider clock) : IEventOutbox
{
    private const string DeleteDelivered = "DELETE FROM event_outbox WHERE NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = event_outbox.id)";

    /// <summary>Stores the event within <paramref name="transaction"/>; false when an event with its id is already stored.</summary>
    /// <param name="position">Orders the events one transaction writes.</param>
    public async Task<bool> AppendAsync(DbTransaction transaction, CloudEvent cloudEvent, int position, IReadOnlyList<string> sinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(sinks);
        var inserted = await transaction.ExecuteAsync(
            "INSERT INTO event_outbox (id, published_at, position, event) VALUES (@id, @at, @position, @event) ON CONFLICT (id) DO NOTHING",
            cancellationToken,
            ("id", cloudEvent.Id),
            ("at", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            ("position", position),
            ("event", JsonSerializer.Serialize(cloudEvent, CloudEventFormat.EventJson)));
        if (inserted == 0)
        {
            return false;
        }

        foreach (var sink in sinks)
        {
            await transaction.ExecuteAsync("INSERT INTO event_deliveries (event_id, sink) VALUES (@id, @sink)", cancellationToken, ("id", cloudEvent.Id), ("sink", sink));
        }

        return true;
    }

    /// <summary>One shard: every pending event in publish order.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<PendingEvent>>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(
            """
            SELECT o.id, o.published_at, o.event, d.sink FROM event_outbox o JOIN event_deliveries d ON d.event_id = o.id
            ORDER BY o.published_at, o.position, o.id, d.sink
            """,
            r => (Id: r.GetString(0), Published: r.GetTime(1), Event: r.GetString(2), Sink: r.GetString(3)),
            cancellationToken);
        var pending = rows.GroupBy(r => r.Id).Select((group, sequence) =>
        {
            var first = group.First();
            var cloudEvent = JsonSerializer.Deserialize(first.Event, CloudEventFormat.EventJson) ?? throw new JsonException($"outbox event {first.Id} is empty");
            return new PendingEvent(0, first.Id, new OutboxEntry(sequence, first.Published, [.. group.Select(r => r.Sink)], cloudEvent));
        });
        return [[.. pending]];
    }

    public async Task MarkDeliveredAsync(string sink, IReadOnlyCollection<PendingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var pending in events)
        {
            await transaction.ExecuteAsync("DELETE FROM event_deliveries WHERE event_id = @id AND sink = @sink", cancellationToken, ("id", pending.Id), ("sink", sink));
        }

        await transaction.ExecuteAsync(DeleteDelivered, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<PruneResult> PruneAsync(Func<string, bool> isActiveSink, int maxPending, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isActiveSink);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var sink in await connection.QueryAsync("SELECT DISTINCT sink FROM event_deliveries", r => r.GetString(0), cancellationToken))
        {
            if (!isActiveSink(sink))
            {
                await connection.ExecuteAsync("DELETE FROM event_deliveries WHERE sink = @sink", cancellationToken, ("sink", sink));
            }
        }

        await connection.ExecuteAsync(DeleteDelivered, cancellationToken);
        var pending = await connection.QueryAsync("SELECT COUNT(*) FROM event_outbox", r => r.GetInt64(0), cancellationToken);
        var excess = pending[0] - maxPending;
        var dropped = 0;
        if (excess > 0)
        {
            dropped = await connection.ExecuteAsync(
                """
                DELETE FROM event_outbox WHERE id IN (
                    SELECT id FROM event_outbox WHERE published_at < @cutoff ORDER BY published_at, position LIMIT @excess)
                """,
                cancellationToken,
                ("cutoff", (clock.GetUtcNow() - maxAge).ToUnixTimeMilliseconds()),
                ("excess", excess));
        }

        return new PruneResult((int)pending[0] - dropped, dropped);
    }
}
