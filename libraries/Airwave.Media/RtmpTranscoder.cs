using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Airwave.Media;

/// <summary>
/// One ffmpeg run: reads a source (the forwarded RTP an SDP file describes, a virtual display and its sound server),
/// transcodes it to H.264 and AAC (what an RTMP input takes; browsers make VP8 and Opus) and pushes it to the
/// targets (a Standard channel's input has two, one per pipeline, and one failing does not stop the other). Its log
/// lines become the pod's, with the targets' stream keys left out; its progress says how many frames, and how much
/// media time, it has sent.
/// Stopping it (SIGTERM) closes the RTMP stream as an encoder that stops does.
/// </summary>
public sealed class RtmpTranscoder : IAsyncDisposable
{
    private readonly ChildProcess _ffmpeg;
    private readonly Progress _progress;

    private RtmpTranscoder(ChildProcess ffmpeg, Progress progress)
    {
        _ffmpeg = ffmpeg;
        _progress = progress;
    }

    public bool HasExited => _ffmpeg.HasExited;

    public int ExitCode => _ffmpeg.ExitCode;

    /// <summary>Its last log line so far, key left out.</summary>
    public string LastLine => _ffmpeg.LastLine;

    /// <summary>Why it ended, once it has: its last log line, key left out, after all it wrote has been read.</summary>
    public Task<string> LastWordsAsync(CancellationToken cancellationToken) => _ffmpeg.LastWordsAsync(cancellationToken);

    /// <summary>The video frames it has encoded and sent so far, as its progress reports them (about twice a second).</summary>
    public long FramesSent => _progress.Frames;

    /// <summary>
    /// How much of the source's time it has sent so far (its output's timestamp, as its progress reports it): behind
    /// the time since it began when it encodes slower than real time.
    /// </summary>
    public TimeSpan MediaSent => _progress.MediaTime;

    /// <summary>
    /// Starts ffmpeg. <paramref name="source"/> says what it reads and takes from it (its input options, -i and the
    /// streams -map picks); <paramref name="environment"/> is added to its environment (a sound server's address).
    /// </summary>
    public static RtmpTranscoder Start(string ffmpeg, IReadOnlyList<string> source, IReadOnlyList<Uri> targets, ILogger logger, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targets);
        string[] arguments =
        [
            "-hide_banner", "-nostdin", "-loglevel", "warning", "-progress", "pipe:1",
            .. source,
            // Fast enough for one core at 720p; a keyframe every 2 s, as MediaLive asks of its RTMP sources.
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-b:v", "3000k", "-maxrate", "3000k", "-bufsize", "6000k", "-force_key_frames", "expr:gte(t,n_forced*2)",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            .. targets is [var only] ? ["-f", "flv", only.ToString()]
                : (string[])["-f", "tee", string.Join('|', targets.Select(t => $"[f=flv:onfail=ignore]{t}"))],
        ];

        // Longest first: a backup pipeline's key may extend the primary's.
        var keys = targets.Select(KeyOf).Where(k => k.Length > 0).OrderByDescending(k => k.Length).ToList();
        var progress = new Progress();
        var process = ChildProcess.Start(ffmpeg, arguments, new ChildProcess.Options("ffmpeg")
        {
            Environment = environment,
            Output = progress.Take,
            Redact = line => keys.Aggregate(line, (redacted, key) => redacted.Replace(key, "<stream key>", StringComparison.Ordinal)),
        }, logger);
        return new RtmpTranscoder(process, progress);
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
    public Task StopAsync(CancellationToken cancellationToken) => _ffmpeg.StopAsync(cancellationToken);

    /// <summary>Waits for ffmpeg to end on its own.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _ffmpeg.WaitForExitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _ffmpeg.DisposeAsync();

    // -progress writes key=value lines: "frame" counts the video frames encoded, "out_time_us" is the output's time.
    private sealed class Progress
    {
        private long _frames;
        private long _microseconds;

        public long Frames => Interlocked.Read(ref _frames);

        public TimeSpan MediaTime => TimeSpan.FromMicroseconds(Interlocked.Read(ref _microseconds));

        public void Take(string line)
        {
            if (Value(line, "frame=") is { } frames)
            {
                Interlocked.Exchange(ref _frames, frames);
            }
            else if (Value(line, "out_time_us=") is { } microseconds)
            {
                Interlocked.Exchange(ref _microseconds, microseconds);
            }
        }

        // "N/A" before the first frame, which leaves the value as it was.
        private static long? Value(string line, string key) =>
            line.StartsWith(key, StringComparison.Ordinal) && long.TryParse(line.AsSpan(key.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
    }
}
