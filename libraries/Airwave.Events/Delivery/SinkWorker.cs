using Airwave.Events.Metrics;
using Airwave.Events.Outbox;
using Airwave.Events.Sinks;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Delivery;

/// <summary>
/// Delivers one sink's pending events, oldest first, in batches. A batch is only sent once the one before it was
/// accepted, so a resource's events arrive in publish order. A cycle retries a failed batch up to the sink's
/// attempts; then the events stay in the outbox and the next cycle starts after a growing pause.
/// </summary>
public sealed partial class SinkWorker(
    SinkClient client,
    ISinkTokenSource tokens,
    IEventOutbox outbox,
    DeliverySignal signal,
    Func<bool> isLeader,
    DownstreamOptions options,
    EventsMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private SinkOptions Sink => client.Sink;

    /// <summary>Runs until cancelled or until the receiver answers 410 Gone, which returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failedCycles = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = signal.Next;
            if (isLeader())
            {
                CycleResult result;
                try
                {
                    result = await DeliverPendingAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCycleError(logger, e, Sink.Name);
                    result = CycleResult.Failed;
                }

                if (result == CycleResult.Gone)
                {
                    return;
                }

                if (result == CycleResult.Failed)
                {
                    failedCycles++;
                    await Task.Delay(options.RetryDelay(failedCycles), time, cancellationToken);
                    continue;
                }

                failedCycles = 0;
            }

            await WaitAsync(wake, cancellationToken);
        }
    }

    private async Task<CycleResult> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batches = Batches(await outbox.ReadAsync(cancellationToken));
            if (batches.Count == 0)
            {
                return CycleResult.Done;
            }

            var token = await tokens.GetAsync(Sink, cancellationToken);
            foreach (var batch in batches)
            {
                if (!isLeader())
                {
                    return CycleResult.Done;
                }

                var outcome = await SendWithRetriesAsync(batch, token, cancellationToken);
                if (outcome.Status == DeliveryStatus.Gone)
                {
                    metrics.SinkDisabled(Sink.Name);
                    LogGone(logger, Sink.Name, Sink.Url!.GetLeftPart(UriPartial.Path));
                    return CycleResult.Gone;
                }

                if (outcome.Status == DeliveryStatus.Failed)
                {
                    LogUndelivered(logger, Sink.Name, batch.Count, Sink.RetryAttempts, outcome.Reason);
                    return CycleResult.Failed;
                }

                await outbox.MarkDeliveredAsync(Sink.Name, batch, cancellationToken);
                LogDelivered(logger, batch.Count, Sink.Name);
                var now = time.GetUtcNow();
                metrics.Delivered(Sink.Name, batch.Count);
                foreach (var pending in batch)
                {
                    metrics.DeliveryLatency(Sink.Name, now - pending.Entry.Published);
                }
            }
        }
    }

    private async Task<DeliveryOutcome> SendWithRetriesAsync(IReadOnlyList<PendingEvent> batch, string? token, CancellationToken cancellationToken)
    {
        var events = batch.Select(e => e.Entry.Event).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await client.SendAsync(events, token, cancellationToken);
            if (outcome.Status != DeliveryStatus.Failed)
            {
                return outcome;
            }

            metrics.Failed(Sink.Name, outcome.Reason ?? "unknown");
            LogAttemptFailed(logger, Sink.Name, SinkClient.MessageId(events), attempt, Sink.RetryAttempts, outcome.Reason);
            if (attempt >= Sink.RetryAttempts)
            {
                return outcome;
            }

            metrics.Retried(Sink.Name);
            await Task.Delay(options.RetryDelay(attempt, outcome.RetryAfter), time, cancellationToken);
        }
    }

    /// <summary>
    /// The sink's events cut into batches. Shards are merged by publish time, each shard read in sequence order,
    /// which keeps every resource's events (always in one shard) in publish order.
    /// </summary>
    private List<List<PendingEvent>> Batches(IReadOnlyList<IReadOnlyList<PendingEvent>> shards)
    {
        var queues = shards.Select(s => new Queue<PendingEvent>(s.Where(e => e.Entry.Sinks.Contains(Sink.Name)))).Where(q => q.Count > 0).ToList();
        var batches = new List<List<PendingEvent>>();
        var current = new List<PendingEvent>();
        while (queues.Count > 0)
        {
            var next = queues.MinBy(q => q.Peek().Entry.Published)!;
            current.Add(next.Dequeue());
            if (next.Count == 0)
            {
                queues.Remove(next);
            }

            if (current.Count == Sink.BatchSize)
            {
                batches.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private async Task WaitAsync(Task wake, CancellationToken cancellationToken)
    {
        try
        {
            await wake.WaitAsync(options.PollInterval, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Polling finds events that another replica published.
        }
    }

    private enum CycleResult
    {
        Done,
        Failed,
        Gone,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery to sink {Sink} failed (request {MessageId}, attempt {Attempt} of {Attempts}): {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string sink, string messageId, int attempt, int attempts, string? reason);

    // The success and failure lines are documented (README, "Events to your services"): deployments search their logs for them.
    [LoggerMessage(Level = LogLevel.Information, Message = "Successfully sent {Count} event(s) to downstream service {Sink}")]
    private static partial void LogDelivered(ILogger logger, int count, string sink);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed to send {Count} event(s) to downstream service {Sink} after {Attempts} attempt(s): {Reason}; they stay in the outbox for the next cycle")]
    private static partial void LogUndelivered(ILogger logger, string sink, int count, int attempts, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sink {Sink} answered 410 Gone at {Url}: the sink is disabled until the operator restarts, and its pending events are dropped")]
    private static partial void LogGone(ILogger logger, string sink, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery cycle of sink {Sink} failed")]
    private static partial void LogCycleError(ILogger logger, Exception exception, string sink);
}
