using System.Diagnostics;
using Airwave.Sfu.Supervision;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Forwarding;

/// <summary>
/// One ffmpeg run: reads the forwarded RTP the SDP file describes, transcodes it to H.264 and AAC (what an RTMP input
/// takes; a browser sends VP8 and Opus) and pushes it to the target. Its log lines become the pod's, with the
/// target's stream key left out.
/// </summary>
public sealed partial class RtmpTranscoder : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Func<string, string> _redact;
    private readonly ILogger _logger;
    private volatile string _lastLine = "";

    private RtmpTranscoder(Process process, Func<string, string> redact, ILogger logger)
    {
        _process = process;
        _redact = redact;
        _logger = logger;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Its last log line, key left out: why it ended, when it ended on its own.</summary>
    public string LastLine => _lastLine;

    public static RtmpTranscoder Start(string ffmpeg, string sdpFile, Uri target, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(target);
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "-hide_banner", "-nostdin", "-loglevel", "warning",
            "-protocol_whitelist", "file,udp,rtp",
            "-i", sdpFile,
            "-map", "0:v:0", "-map", "0:a:0",
            // Fast enough for one core at 720p; a keyframe every 2 s, as MediaLive asks of its RTMP sources.
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-b:v", "3000k", "-maxrate", "3000k", "-bufsize", "6000k", "-force_key_frames", "expr:gte(t,n_forced*2)",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            "-f", "flv", target.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        var key = target.AbsolutePath.TrimEnd('/').Split('/')[^1];
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ffmpeg} did not start");
        var transcoder = new RtmpTranscoder(process, line => key.Length > 0 ? line.Replace(key, "<stream key>", StringComparison.Ordinal) : line, logger);
        process.OutputDataReceived += (_, line) => transcoder.Log(line.Data);
        process.ErrorDataReceived += (_, line) => transcoder.Log(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return transcoder;
    }

    /// <summary>Ends the push: SIGTERM lets ffmpeg close the RTMP stream as an encoder that stops does.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ProcessStop.TerminateAsync(_process, StopTimeout, cancellationToken);

    public void Dispose() => _process.Dispose();

    private void Log(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _lastLine = _redact(line);
        LogLine(_logger, _lastLine);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ffmpeg: {Line}")]
    private static partial void LogLine(ILogger logger, string line);
}
