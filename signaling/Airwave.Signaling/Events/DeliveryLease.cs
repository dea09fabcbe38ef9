using System.Data.Common;
using Airwave.Signaling.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Signaling.Events;

/// <summary>
/// Lets one replica at a time deliver events, so replicas sharing a database do not send each event once each: a row
/// of the leases table that the holder renews every <see cref="RenewInterval"/> and another replica takes once it has
/// expired (a holder that stopped without releasing it). A replica that stops releases it at once.
/// </summary>
public sealed partial class DeliveryLease(SignalingDatabase database, TimeProvider clock, ILogger<DeliveryLease> logger) : BackgroundService
{
    public const string Name = "event-delivery";

    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(5);

    private readonly string _holder = $"{Environment.MachineName}/{Guid.NewGuid():N}";
    private long _heldUntil;

    /// <summary>Whether this replica holds the lease now (and a little before it runs out, to leave room for clocks that differ).</summary>
    public bool IsHeld => clock.GetUtcNow().ToUnixTimeMilliseconds() < Interlocked.Read(ref _heldUntil) - (long)RenewInterval.TotalMilliseconds;

    /// <summary>Takes or renews the lease; true when this replica holds it.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expires = (now + Duration).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("INSERT INTO leases (name, holder, expires_at) VALUES (@name, '', 0) ON CONFLICT (name) DO NOTHING", cancellationToken, ("name", Name));
        var held = await connection.ExecuteAsync(
            "UPDATE leases SET holder = @holder, expires_at = @expires WHERE name = @name AND (holder = @holder OR expires_at < @now)",
            cancellationToken,
            ("holder", _holder),
            ("expires", expires),
            ("name", Name),
            ("now", now.ToUnixTimeMilliseconds())) > 0;
        var was = Interlocked.Exchange(ref _heldUntil, held ? expires : 0) > 0;
        if (held != was)
        {
            LogChanged(logger, held ? "now delivers" : "no longer delivers");
        }

        return held;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _heldUntil, 0) == 0)
        {
            return;
        }

        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("UPDATE leases SET expires_at = 0 WHERE name = @name AND holder = @holder", cancellationToken, ("name", Name), ("holder", _holder));
        }
        catch (Exception e) when (e is DbException or OperationCanceledException)
        {
            // The lease runs out by itself.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewInterval, clock);
        do
        {
            try
            {
                await TryAcquireAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
            {
                Interlocked.Exchange(ref _heldUntil, 0);
                LogFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica {Change} events to the sites' services")]
    private static partial void LogChanged(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the event delivery lease, trying again shortly: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
