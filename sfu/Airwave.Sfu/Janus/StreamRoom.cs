using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Janus;

/// <summary>
/// The pod's one VideoRoom room (<see cref="SfuSettings.Room"/>), made with the room admin key as soon as the engine
/// answers: the stream's publisher joins it over WHIP and its viewers subscribe to it. The pod is ready only once it
/// is open. <c>keyframeInterval</c>: how often the publisher is asked for a keyframe.
/// </summary>
public sealed partial class StreamRoom(JanusApi janus, string? roomAdminKey, TimeSpan keyframeInterval, TimeProvider time, ILogger<StreamRoom> logger) : BackgroundService
{
    private volatile bool _open;

    public bool IsOpen => _open;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !_open)
        {
            try
            {
                await OpenAsync(stoppingToken);
                _open = true;
                LogOpen(logger, SfuSettings.Room);
            }
            catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // The engine is still starting; EngineLoad says when it does not answer at all.
                LogNotOpen(logger, SfuSettings.Room, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var exists = await janus.RequestOnceAsync(new JsonObject { ["request"] = "exists", ["room"] = SfuSettings.Room }, cancellationToken);
        if ((bool?)exists["exists"] == true)
        {
            return;
        }

        var create = new JsonObject
        {
            ["request"] = "create",
            ["room"] = SfuSettings.Room,
            ["description"] = "stream",
            // One broadcaster per stream; viewers are subscribers, not publishers.
            ["publishers"] = 1,
            // VP8 first for browsers; H.264 for encoders that send nothing else (OBS over WHIP).
            ["videocodec"] = "vp8,h264",
            ["audiocodec"] = "opus",
        };
        // Clients send a keyframe only when asked: a viewer that lost packets, and what the pod forwards, decode from the next one.
        create["fir_freq"] = Math.Max(1, (int)keyframeInterval.TotalSeconds);

        if (roomAdminKey is { Length: > 0 })
        {
            create["admin_key"] = roomAdminKey;
        }

        var created = await janus.RequestOnceAsync(create, cancellationToken);
        if ((string?)created["videoroom"] != "created")
        {
            throw new JanusException((int?)created["error_code"] ?? 0, $"room {SfuSettings.Room} was not made: {(string?)created["error"] ?? created.ToJsonString()}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room} is open")]
    private static partial void LogOpen(ILogger logger, long room);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {Room} not open yet: {Reason}")]
    private static partial void LogNotOpen(ILogger logger, long room, string reason);
}
