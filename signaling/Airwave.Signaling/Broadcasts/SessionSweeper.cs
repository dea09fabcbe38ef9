using Airwave.Signaling.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Signaling.Broadcasts;

/// <summary>
/// Ends the broadcasts whose pages are gone: closed and not back within the resume grace period, or silent for longer
/// than the longest heartbeat gap (their replica stopped without telling anyone); and forgets the viewer grants taken
/// that have expired. Every replica sweeps; the database lets only one of them end each session.
/// </summary>
public sealed partial class SessionSweeper(BroadcastStore broadcasts, BroadcastLifecycle lifecycle, SessionSettings settings, TimeProvider clock, ILogger<SessionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>One sweep; returns how many sessions it ended.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var session in await broadcasts.ListAbandonedAsync(settings.ResumeGrace, settings.LongestHeartbeatGap, cancellationToken))
        {
            await lifecycle.EndAsync(session.SiteId, session.UserId, session.Id, EndReasons.Lost);
            LogEnded(logger, session.Id, session.SiteId);
            ended++;
        }

        await broadcasts.ForgetExpiredViewerGrantsAsync(cancellationToken);
        return ended;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                LogSweepFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {Session} of site {Site} ended: its page did not come back")]
    private static partial void LogEnded(ILogger logger, string session, string site);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for abandoned broadcasts, trying again shortly: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
