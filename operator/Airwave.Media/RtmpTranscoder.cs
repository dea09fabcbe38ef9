using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Airwave.Media;

/// <summary>
/// One ffmpeg run: reads a source (the forwarded RTP an SDP file describes, a virtual display and its sound server),
/// transcodes it to H.264 and AAC (what an RTMP input takes; browsers make VP8 and Opus) and pushes it to the
/// targets (a Standard channel's input has two, one per pipeline, and one failing does not stop the other). Its log
/// lines become the pod's, with the targets' stream keys left out; its progress says how many frames it has sent.
/// </summary>
public sealed partial class RtmpTranscoder : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Func<string, string> _redact;
    private readonly ILogger _logger;
    private volatile string _lastLine = "";
    private long _framesSent;

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

    /// <summary>The video frames it has encoded and sent so far, as its progress reports them (about twice a second).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>
    /// Starts ffmpeg. <paramref name="source"/> says what it reads and takes from it (its input options, -i and the
    /// streams -map picks); <paramref name="environment"/> is added to its environment (a sound server's address).
    /// </summary>
    public static RtmpTranscoder Start(string ffmpeg, IReadOnlyList<string> source, IReadOnlyList<Uri> targets, ILogger logger, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targets);
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "-hide_banner", "-nostdin", "-loglevel", "warning", "-progress", "pipe:1",
            .. source,
            // Fast enough for one core at 720p; a keyframe every 2 s, as MediaLive asks of its RTMP sources.
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-b:v", "3000k", "-maxrate", "3000k", "-bufsize", "6000k", "-force_key_frames", "expr:gte(t,n_forced*2)",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            .. targets is [var only] ? ["-f", "flv", only.ToString()]
                : (string[])["-f", "tee", string.Join('|', targets.Select(t => $"[f=flv:onfail=ignore]{t}"))]])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        // Longest first: a backup pipeline's key may extend the primary's.
        var keys = targets.Select(KeyOf).Where(k => k.Length > 0).OrderByDescending(k => k.Length).ToList();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ffmpeg} did not start");
        var transcoder = new RtmpTranscoder(process, line => keys.Aggregate(line, (redacted, key) => redacted.Replace(key, "<stream key>", StringComparison.Ordinal)), logger);
        process.OutputDataReceived += (_, line) => transcoder.Progress(line.Data);
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

    /// <summary>Waits for ffmpeg to end on its own.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose() => _process.Dispose();

    // -progress writes key=value lines; "frame" counts the video frames encoded.
    private void Progress(string? line)
    {
        if (line is not null && line.StartsWith("frame=", StringComparison.Ordinal)
            && long.TryParse(line.AsSpan("frame=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var frames))
        {
            Interlocked.Exchange(ref _framesSent, frames);
        }
    }

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
