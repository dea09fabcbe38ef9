using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Whip;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Relay;

/// <summary>
/// The stream's publisher relayed from the pod that has it: a remote publisher in this pod's room with the
/// publisher's id, which viewers here watch as they would a local one. Its pod renews it every few seconds; one not
/// renewed within <see cref="SfuSettings.RelayLease"/> (its pod went away) is removed, and viewers here see the
/// publisher leave.
/// </summary>
public sealed partial class RemotePublisher(JanusApi janus, SfuSettings settings, TimeProvider time, ILogger<RemotePublisher> logger) : BackgroundService
{
    // The engine's "User ID already exists": the publisher is here, not relayed.
    private const int IdTaken = 436;

    // The engine's "No such feed": already gone.
    private const int NoSuchFeed = 428;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Relayed? _current;

    /// <summary>Whether a publisher is relayed into this pod's room now.</summary>
    public bool IsPresent => _current is not null;

    /// <summary>
    /// Takes the publisher with these streams from <paramref name="source"/>, or renews it when it is the one already
    /// taken; returns the UDP ports the source sends its media to and asks for keyframes at (RTCP: a viewer joining
    /// here needs one). Null when this pod has the publisher itself.
    /// </summary>
    public async Task<RelayPorts?> RelayAsync(IPAddress source, JsonArray streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var described = streams.ToJsonString();
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && current.Source.Equals(source) && current.Streams == described)
            {
                _current = current with { RenewedAt = time.GetUtcNow() };
                return current.Ports;
            }

            if (_current is not null)
            {
                await RemoveLockedAsync(cancellationToken);
            }

            var request = new JsonObject
            {
                ["request"] = "add_remote_publisher",
                ["room"] = SfuSettings.Room,
                ["id"] = WhipPublishing.PublisherId,
                ["display"] = "relayed",
                // Any free port, on every address of the pod: the others reach it at its pod address.
                ["port"] = 0,
                ["streams"] = JsonNode.Parse(described),
            };
            var added = await janus.RequestOnceAsync(request, cancellationToken);
            if ((int?)added["error_code"] is { } code)
            {
                return code == IdTaken ? null : throw new JanusException(code, $"the engine did not take the relayed publisher: {(string?)added["error"]}");
            }

            var ports = new RelayPorts((int)added["port"]!, (int?)added["rtcp_port"] is > 0 and var rtcp ? rtcp : null);
            _current = new Relayed(source, described, ports, time.GetUtcNow());
            LogRelayed(logger, source, ports.Port);
            return ports;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Removes the publisher relayed from <paramref name="source"/> (it left there); false when there is none.</summary>
    public async Task<bool> RemoveAsync(IPAddress source, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_current is not { } current || !current.Source.Equals(source))
            {
                return false;
            }

            await RemoveLockedAsync(cancellationToken);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(settings.RelayLease / 4, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_current is { } current && time.GetUtcNow() - current.RenewedAt > settings.RelayLease)
            {
                LogExpired(logger, current.Source, settings.RelayLease.TotalSeconds);
                try
                {
                    await RemoveAsync(current.Source, stoppingToken);
                }
                catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException)
                {
                    // Tried again on the next look.
                    LogNotRemoved(logger, e.Message);
                }
            }
        }
    }

    private async Task RemoveLockedAsync(CancellationToken cancellationToken)
    {
        var removed = await janus.RequestOnceAsync(new JsonObject { ["request"] = "remove_remote_publisher", ["room"] = SfuSettings.Room, ["id"] = WhipPublishing.PublisherId }, cancellationToken);
        if ((int?)removed["error_code"] is { } code && code != NoSuchFeed)
        {
            throw new JanusException(code, $"the engine did not remove the relayed publisher: {(string?)removed["error"]}");
        }

        LogRemoved(logger, _current?.Source);
        _current = null;
    }

    private sealed record Relayed(IPAddress Source, string Streams, RelayPorts Ports, DateTimeOffset RenewedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The publisher is relayed here from the pod at {Source}, to UDP port {Port}")]
    private static partial void LogRelayed(ILogger logger, IPAddress source, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "The publisher relayed from {Source} is removed")]
    private static partial void LogRemoved(ILogger logger, IPAddress? source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pod at {Source} did not renew its relayed publisher within {Seconds} s; removing it")]
    private static partial void LogExpired(ILogger logger, IPAddress source, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The relayed publisher could not be removed: {Reason}")]
    private static partial void LogNotRemoved(ILogger logger, string reason);
}
