using System.Collections.Concurrent;
using Airwave.Events.Metrics;
using Airwave.Events.Outbox;
using Airwave.Events.Signing;
using Airwave.Events.Sinks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Delivery;

/// <summary>
/// Runs one <see cref="SinkWorker"/> per sink while this replica leads, and keeps the outbox in bounds: it
/// forgets sinks that were removed or answered 410, reports the pending count and, past the configured
/// maximum, drops events older than the configured age.
/// </summary>
public sealed partial class DeliveryService(
    DownstreamOptions options,
    IEventOutbox outbox,
    ISigningSecretSource secrets,
    ISinkTokenSource tokens,
    DeliverySignal signal,
    EventsMetrics metrics,
    IDeliveryWarnings? warnings,
    Func<bool> isLeader,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DeliveryService>();
    private readonly ConcurrentDictionary<string, bool> _gone = new(StringComparer.Ordinal);
    private readonly List<HttpClient> _clients = [];

    public override void Dispose()
    {
        foreach (var http in _clients)
        {
            http.Dispose();
        }

        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var signer = await LoadSignerAsync(stoppingToken);
        var workers = options.Sinks.Select(sink => RunWorkerAsync(sink, signer, stoppingToken)).ToList();
        workers.Add(MaintainAsync(stoppingToken));
        await Task.WhenAll(workers);
    }

    private async Task RunWorkerAsync(SinkOptions sink, WebhookSigner signer, CancellationToken cancellationToken)
    {
        // Pooled connections are recycled so a receiver's DNS changes are picked up.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _clients.Add(http);
        var worker = new SinkWorker(
            new SinkClient(http, sink, signer, time), tokens, outbox, signal, isLeader, options, metrics, time, loggerFactory.CreateLogger<SinkWorker>());
        try
        {
            await worker.RunAsync(cancellationToken);
            _gone[sink.Name] = true;
            if (warnings is not null)
            {
                await warnings.SinkGoneAsync(sink.Name, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (isLeader())
                {
                    var result = await outbox.PruneAsync(IsActive, options.MaxPendingEvents, options.MaxEventAge, cancellationToken);
                    metrics.Pending(result.Pending);
                    if (result.Dropped > 0)
                    {
                        metrics.Dropped(result.Dropped);
                        LogDropped(_logger, result.Dropped, options.MaxEventAge);
                    }

                    if (result.Pending > options.MaxPendingEvents)
                    {
                        metrics.OverBound();
                        LogOverBound(_logger, result.Pending, options.MaxPendingEvents, options.MaxEventAge);
                        if (warnings is not null)
                        {
                            await warnings.OverBoundAsync(result.Pending, options.MaxPendingEvents, options.MaxEventAge, cancellationToken);
                        }
                    }
                }

                failures = 0;
                await Task.Delay(options.PollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogMaintenanceError(_logger, e);
                await DelayQuietlyAsync(options.RetryDelay(failures), cancellationToken);
            }
        }
    }

    private bool IsActive(string sink) => options.Sinks.Any(s => s.Name == sink) && !_gone.ContainsKey(sink);

    private async Task<WebhookSigner> LoadSignerAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await secrets.LoadAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not FormatException)
            {
                LogSecretError(_logger, e);
                await Task.Delay(options.RetryDelay(attempt), time, cancellationToken);
            }
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down; the loop ends.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pending} events wait in the downstream outbox, more than the maximum of {Max}; events older than {MaxAge} are dropped while it stays over")]
    private static partial void LogOverBound(ILogger logger, int pending, int max, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} undelivered events older than {MaxAge} from the full downstream outbox")]
    private static partial void LogDropped(ILogger logger, int count, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the downstream outbox in bounds failed; trying again")]
    private static partial void LogMaintenanceError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the webhook signing secret; deliveries wait until it can be loaded")]
    private static partial void LogSecretError(ILogger logger, Exception exception);
}
