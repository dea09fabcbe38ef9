using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Airwave.Api.LiveStreams;
using Airwave.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.Views;

/// <summary>
/// The views open on this replica. A view opens with its <c>*.viewed</c> event and ends, once, with its analytics:
/// when its player says so, when it sent nothing for <see cref="ViewSettings.IdleTimeout"/>, or when the service stops.
/// </summary>
public sealed partial class ViewRegistry(ViewSettings settings, IEventPublisher publisher, ViewMetrics metrics, TimeProvider time, ILogger<ViewRegistry> logger) : BackgroundService
{
    public const string EndedByPlayer = "ended";
    public const string TimedOut = "timed_out";
    public const string ServiceStopped = "service_stopped";

    private readonly ConcurrentDictionary<string, OpenView> _views = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>A new view of <paramref name="target"/>, its <c>*.viewed</c> event published; null when <see cref="ViewSettings.MaxOpenViews"/> are open.</summary>
    /// <param name="sessionId">The player's session; the view's id when it gives none.</param>
    public async Task<View?> OpenAsync(ViewTarget target, string? sessionId, string? userAgent, string? ipAddress, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _count) > settings.MaxOpenViews)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }

        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        var view = new View(id, target, sessionId ?? id, userAgent, ipAddress, now);
        _views[id] = new OpenView(view, metrics.Opened(target));
        await publisher.PublishAsync(ViewEvents.Viewed(view, now), cancellationToken);
        return view;
    }

    /// <summary>The open view with this id, if this replica has it.</summary>
    public View? Find(string id) => _views.TryGetValue(id, out var open) ? open.View : null;

    /// <summary>The views open on this replica per LiveStream, for the operator to add up into the streams' status.</summary>
    public ViewerReport LiveStreamViewers() =>
        new([.. _views.Values
            .Where(open => open.View.Target.Kind == ViewKinds.LiveStream)
            .CountBy(open => (open.View.Target.Subject.Namespace, open.View.Target.Subject.Name))
            .Select(count => new StreamViewers(count.Key.Namespace, count.Key.Name, count.Value))]);

    /// <summary>Ends the view and publishes its analytics; does nothing when it has ended already.</summary>
    public async Task EndAsync(View view, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!_views.TryRemove(view.Id, out var open))
        {
            return;
        }

        Interlocked.Decrement(ref _count);
        var performance = view.Summary(reason);
        metrics.Ended(open.Series, view.Target.Kind, performance.StartupTimeMs, performance.RebufferRatio, performance.ViewDuration);
        await publisher.PublishAsync(ViewEvents.Performance(view, performance, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Ends the views whose players went quiet, a few times per idle timeout.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(settings.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(15).Ticks));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var quietSince = time.GetUtcNow() - settings.IdleTimeout;
                foreach (var (_, open) in _views)
                {
                    if (open.View.LastSeen < quietSince)
                    {
                        await EndAsync(open.View, TimedOut, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Ends every open view, so no view's analytics are lost to a rollout.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var ended = 0;
        foreach (var (_, open) in _views)
        {
            await EndAsync(open.View, ServiceStopped, cancellationToken);
            ended++;
        }

        if (ended > 0)
        {
            LogEndedAtStop(logger, ended);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended {Count} open views as the service stops; their analytics are published")]
    private static partial void LogEndedAtStop(ILogger logger, int count);

    private sealed record OpenView(View View, ViewerSeries Series);
}
