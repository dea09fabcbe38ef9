using System.Text.Json.Nodes;
using Airwave.Configuration;
using Airwave.Media;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Whip;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Sfu.Forwarding;

/// <summary>
/// With a forward URL (<see cref="SfuSettings.ForwardUrlVariable"/>: the stream's MediaLive input, and
/// <see cref="SfuSettings.ForwardBackupUrlVariable"/> for its second pipeline), sends the stream's published media on
/// while its publisher is in this pod's room: the engine forwards the publisher's RTP to loopback
/// ports, where ffmpeg (<see cref="RtmpTranscoder"/>) takes it and pushes it over RTMP. Level-triggered, twice a
/// second: what runs is made to match whether there is a publisher; an ffmpeg that ends while the publisher is still
/// there (the input refused it, the network failed) starts again after a pause that grows with each failure.
/// Exported as airwave_sfu_forwarding and airwave_sfu_forward_restarts_total.
/// </summary>
public sealed partial class RtmpForward : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    // At most 10 s: a channel that starts after its pods (or restarts) loses little of the recording.
    private static readonly ExponentialBackoff Restarts = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    private readonly SfuSettings _settings;
    private readonly IReadOnlyList<Uri> _targets;
    private readonly WhipPublishing _publishing;
    private readonly JanusApi _janus;
    private readonly string? _roomAdminKey;
    private readonly TimeProvider _time;
    private readonly ILogger<RtmpForward> _logger;
    private readonly Counter _restarts;
    private Publisher? _publisher;
    private bool _forwarded;
    private RtmpTranscoder? _transcoder;
    private int _failures;
    private DateTimeOffset _nextStart;

    public RtmpForward(SfuSettings settings, IReadOnlyList<Uri> targets, WhipPublishing publishing, JanusApi janus, string? roomAdminKey, TimeProvider time, ILogger<RtmpForward> logger, CollectorRegistry registry)
    {
        _settings = settings;
        _targets = targets;
        _publishing = publishing;
        _janus = janus;
        _roomAdminKey = roomAdminKey;
        _time = time;
        _logger = logger;
        var metrics = Metrics.WithCustomRegistry(registry);
        var forwarding = metrics.CreateGauge("airwave_sfu_forwarding", "1 while the publisher's media is being pushed on to the stream's forward URL.");
        registry.AddBeforeCollectCallback(() => forwarding.Set(IsForwarding ? 1 : 0));
        _restarts = metrics.CreateCounter("airwave_sfu_forward_restarts_total", "Times the push to the forward URL ended while the publisher was still sending, and was started again.");
    }

    /// <summary>Whether the publisher's media is being pushed on now.</summary>
    public bool IsForwarding => _forwarded && _transcoder is { HasExited: false };

    /// <summary>The targets without their stream keys, as logs show them.</summary>
    private string Where => string.Join(" and ", _targets.Select(RtmpTranscoder.WithoutKey));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await StepAsync(stoppingToken);
                }
                catch (Exception e) when (e is HttpRequestException or JanusException or System.Text.Json.JsonException or IOException or System.ComponentModel.Win32Exception
                    or OperationCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    // Tried again on the next step; the engine or the disk may be back by then.
                    LogStepFailed(_logger, e.Message);
                }

                await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            await EndTranscoderAsync();
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var publisher = _publishing.Current;
        if (publisher != _publisher)
        {
            if (_transcoder is not null)
            {
                await EndTranscoderAsync();
                LogEnded(_logger, Where);
            }

            (_publisher, _forwarded, _failures, _nextStart) = (publisher, false, 0, DateTimeOffset.MinValue);
        }

        if (publisher is null)
        {
            return;
        }

        if (_transcoder is { HasExited: true } ended)
        {
            LogTranscoderExited(_logger, Where, ended.ExitCode, await ended.LastWordsAsync(cancellationToken));
            _restarts.Inc();
            _nextStart = _time.GetUtcNow() + Restarts.Delay(_failures++);
            await ended.DisposeAsync();
            _transcoder = null;
        }

        var media = new ForwardedMedia(_settings.ForwardAddress, _settings.ForwardPort, publisher.VideoCodec);
        if (_transcoder is null && _time.GetUtcNow() >= _nextStart)
        {
            // ffmpeg listens before the engine forwards: the first keyframe is not sent to a closed port.
            var sdp = Path.Combine(_settings.ConfigFolder, "forward.sdp");
            await File.WriteAllTextAsync(sdp, media.Sdp(), cancellationToken);
            _transcoder = RtmpTranscoder.Start(_settings.FfmpegPath, ["-protocol_whitelist", "file,udp,rtp", "-i", sdp, "-map", "0:v:0", "-map", "0:a:0"], _targets, _logger);
            LogStarted(_logger, Where, publisher.VideoCodec);
        }

        if (!_forwarded)
        {
            await ForwardAsync(media, cancellationToken);
            _forwarded = true;
        }
    }

    /// <summary>
    /// Has the engine forward the publisher's audio and video to ffmpeg's ports, unless it already does: a request
    /// whose answer was lost made the forwarders, and a second set would send every packet twice. The relays to the
    /// stream's other pods (publish_remotely) are not listed there, so any forwarder listed is this one.
    /// </summary>
    private async Task ForwardAsync(ForwardedMedia media, CancellationToken cancellationToken)
    {
        var listed = await _janus.RequestOnceAsync(WithAdminKey(new JsonObject { ["request"] = "listforwarders", ["room"] = SfuSettings.Room }), cancellationToken);
        if (listed["publishers"] is JsonArray publishers
            && publishers.Any(p => (long?)p?["publisher_id"] == WhipPublishing.PublisherId && p?["forwarders"] is JsonArray { Count: > 0 }))
        {
            return;
        }

        var forwarded = await _janus.RequestOnceAsync(
            WithAdminKey(new JsonObject
            {
                ["request"] = "rtp_forward",
                ["room"] = SfuSettings.Room,
                ["publisher_id"] = WhipPublishing.PublisherId,
                ["host"] = media.Address,
                ["audio_port"] = media.AudioPort,
                ["audio_pt"] = ForwardedMedia.AudioPayloadType,
                ["video_port"] = media.VideoPort,
                ["video_pt"] = ForwardedMedia.VideoPayloadType,
            }),
            cancellationToken);
        if ((int?)forwarded["error_code"] is { } code)
        {
            throw new JanusException(code, $"the engine did not forward the publisher's media: {(string?)forwarded["error"]}");
        }

        LogForwarding(_logger, media.Address, media.AudioPort, media.VideoPort);
    }

    private JsonObject WithAdminKey(JsonObject request)
    {
        if (_roomAdminKey is { Length: > 0 })
        {
            request["admin_key"] = _roomAdminKey;
        }

        return request;
    }

    private async Task EndTranscoderAsync()
    {
        if (_transcoder is { } transcoder)
        {
            _transcoder = null;
            await transcoder.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forwarding the publisher's media ({Codec} video) to {Target}")]
    private static partial void LogStarted(ILogger logger, string target, string codec);

    [LoggerMessage(Level = LogLevel.Information, Message = "The engine forwards the publisher's audio to {Address}:{AudioPort} and video to {Address}:{VideoPort}")]
    private static partial void LogForwarding(ILogger logger, string address, int audioPort, int videoPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "The publisher left; stopped forwarding to {Target}")]
    private static partial void LogEnded(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to {Target} ended (ffmpeg exit code {Code}: {LastLine}); starting it again")]
    private static partial void LogTranscoderExited(ILogger logger, string target, int code, string lastLine);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding could not be set up: {Reason}; trying again")]
    private static partial void LogStepFailed(ILogger logger, string reason);
}
