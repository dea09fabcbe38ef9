using System.Diagnostics;
using Airwave.Sfu.Supervision;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Forwarding;

/// <summary>
/// One ffmpeg run: reads the forwarded RTP the SDP file describes, transcodes it to H.264 and AAC (what an RTMP input
/// takes; a browser sends VP8 and Opus) and pushes it to the targets (a Standard channel's input has two, one per
/// pipeline, and one failing does not stop the other). Its log lines become the pod's, with the targets' stream keys
/// left out.
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

    public static RtmpTranscoder Start(string ffmpeg, string sdpFile, IReadOnlyList<Uri> targets, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(targets);
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
            .. targets is [var only] ? ["-f", "flv", only.ToString()]
                : (string[])["-f", "tee", string.Join('|', targets.Select(t => $"[f=flv:onfail=ignore]{t}"))]])
        {
            start.ArgumentList.Add(argument);
        }

        // Longest first: a backup pipeline's key may extend the primary's.
        var keys = targets.Select(KeyOf).Where(k => k.Length > 0).OrderByDescending(k => k.Length).ToList();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ffmpeg} did not start");
        var transcoder = new RtmpTranscoder(process, line => keys.Aggregate(line, (redacted, key) => redacted.Replace(key, "<stream key>", StringComparison.Ordinal)), logger);
        process.OutputDataReceived += (_, line) => transcoder.Log(line.Data);
        process.ErrorDataReceived += (_, line) => transcoder.Log(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return transcoder;
    }

    /// <summary>A target as logs show it: without its last path segment, the stream key.</summary>
    public static string WithoutKey(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var path = target.AbsolutePath;
        return $"{target.Scheme}://{target.Authority}{path[..(path.TrimEnd('/').LastIndexOf('/') + 1)]}";
    }

    private static string KeyOf(Uri target) => target.AbsolutePath.TrimEnd('/').Split('/')[^1];

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
