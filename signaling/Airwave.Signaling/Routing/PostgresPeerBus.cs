using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Airwave.Signaling.Routing;

/// <summary>
/// Frames between replicas over PostgreSQL LISTEN/NOTIFY: every replica listens on one channel and hands what it
/// hears to its own connections. A frame whose target is on this replica does not leave it. Chosen over Redis
/// pub/sub because PostgreSQL is already what several replicas need for their state: no second server to run,
/// secure and back up. Notifications are limited to 8000 bytes; a larger frame (an SDP with many candidates) is
/// written to relay_spill and the notification carries its id. One connection publishes, in order, so the frames
/// of one conversation (an offer, then its candidates) arrive in the order they were sent.
/// </summary>
public sealed partial class PostgresPeerBus(SignalingDatabase database, ConnectionRegistry registry, TimeProvider clock, ILogger<PostgresPeerBus> logger)
    : BackgroundService, IPeerBus
{
    private const string ChannelName = "airwave_signaling";
    private const int NotificationLimit = 7900;
    private static readonly TimeSpan SpillLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly string _replica = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private readonly Channel<string> _heard = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private NpgsqlConnection? _publisher;
    private volatile bool _listening;

    public bool IsConnected => _listening;

    public async Task PublishAsync(Target target, ServerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var deliveredHere = registry.Deliver(target, message);
        if (deliveredHere && target.Kind != TargetKind.Presence)
        {
            return;
        }

        var envelope = new JsonObject
        {
            ["r"] = _replica,
            ["k"] = target.Kind.ToString(),
            ["t"] = target.Key,
            ["m"] = message.ToJson(),
            ["a"] = message.ReceivedAt?.ToUnixTimeMilliseconds(),
        }.ToJsonString();
        await _publishing.WaitAsync(cancellationToken);
        try
        {
            // The publishing connection is kept between frames. If the database dropped it meanwhile (a restart, a
            // failover), the frame is sent again once on a new connection rather than lost.
            var reused = _publisher is not null;
            try
            {
                await NotifyAsync(envelope, cancellationToken);
            }
            catch (Exception e) when (reused && e is NpgsqlException or InvalidOperationException)
            {
                await DropPublisherAsync();
                await NotifyAsync(envelope, cancellationToken);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Lost: the caller tells the page to send it again.
            await DropPublisherAsync();
            throw;
        }
        finally
        {
            _publishing.Release();
        }
    }

    public override void Dispose()
    {
        _publisher?.Dispose();
        _publishing.Dispose();
        base.Dispose();
    }

    private async Task NotifyAsync(string envelope, CancellationToken cancellationToken)
    {
        _publisher ??= await ((NpgsqlDataSource)database.Source).OpenConnectionAsync(cancellationToken);
        if (System.Text.Encoding.UTF8.GetByteCount(envelope) > NotificationLimit)
        {
            var id = Guid.CreateVersion7().ToString("N");
            await _publisher.ExecuteAsync("INSERT INTO relay_spill (id, payload, created_at) VALUES (@id, @payload, @now)", cancellationToken, ("id", id), ("payload", envelope), ("now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            envelope = new JsonObject { ["r"] = _replica, ["s"] = id }.ToJsonString();
        }

        await _publisher.ExecuteAsync("SELECT pg_notify(@channel, @payload)", cancellationToken, ("channel", ChannelName), ("payload", envelope));
    }

    private async Task DropPublisherAsync()
    {
        await (_publisher?.DisposeAsync() ?? ValueTask.CompletedTask);
        _publisher = null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivering = DeliverHeardAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await ((NpgsqlDataSource)database.Source).OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => _heard.Writer.TryWrite(e.Payload);
                await connection.ExecuteAsync($"LISTEN {ChannelName}", stoppingToken);
                _listening = true;
                LogListening(logger, _replica);
                while (true)
                {
                    if (!await connection.WaitAsync(SpillLifetime, stoppingToken))
                    {
                        await connection.ExecuteAsync("DELETE FROM relay_spill WHERE created_at < @before", stoppingToken, ("before", (clock.GetUtcNow() - SpillLifetime).ToUnixTimeMilliseconds()));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                _listening = false;
                LogListenFailed(logger, e.Message);
                await Task.Delay(RetryDelay, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        _listening = false;
        _heard.Writer.TryComplete();
        await delivering;
    }

    private async Task DeliverHeardAsync(CancellationToken stoppingToken)
    {
        await foreach (var payload in _heard.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                var envelope = JsonNode.Parse(payload)!.AsObject();
                if ((string?)envelope["r"] == _replica)
                {
                    continue;
                }

                if ((string?)envelope["s"] is { } spilled)
                {
                    await using var connection = await database.OpenAsync(stoppingToken);
                    var rows = await connection.QueryAsync("SELECT payload FROM relay_spill WHERE id = @id", r => r.GetString(0), stoppingToken, ("id", spilled));
                    if (rows.Count == 0)
                    {
                        continue;
                    }

                    envelope = JsonNode.Parse(rows[0])!.AsObject();
                }

                var target = new Target(Enum.Parse<TargetKind>((string)envelope["k"]!), (string)envelope["t"]!);
                var message = ServerMessage.FromJson((string)envelope["m"]!);
                registry.Deliver(target, (long?)envelope["a"] is { } receivedAt ? message.Relaying(DateTimeOffset.FromUnixTimeMilliseconds(receivedAt)) : message);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NpgsqlException or OperationCanceledException)
            {
                LogUndeliverable(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other replicas' frames as replica {Replica}")]
    private static partial void LogListening(ILogger logger, string replica);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not hearing other replicas' frames, retrying in a second: {Reason}")]
    private static partial void LogListenFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A frame from another replica could not be delivered: {Reason}")]
    private static partial void LogUndeliverable(ILogger logger, string reason);
}
