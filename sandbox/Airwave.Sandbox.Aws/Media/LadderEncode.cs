using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// One push's encode of a channel's ladder for its MediaPackage origin, in an ffmpeg of its own: the pipeline's
/// ffmpeg sends the push, as it came, to <see cref="FeedUrl"/>, and this encoder keeps it in memory until its ffmpeg
/// takes it. x264 falls behind real time on a busy machine; in a process of its own, with nothing to push back on
/// the sender, it falls behind alone, and the pipeline's stream copies (the archive) keep pace with the publisher, as
/// MediaLive's archive output does not wait for its HLS encode.
/// </summary>
internal sealed class LadderEncode : IAsyncDisposable
{
    private readonly TcpListener _feed = new(IPAddress.Loopback, 0);
    private readonly Process _ffmpeg;
    private readonly Task<string> _errors;
    private readonly Task _pump;
    private readonly CancellationTokenRegistration _stopping;

    /// <param name="liveDirectory">Where each rendition's media playlist and segments are written.</param>
    /// <param name="stop">The channel stopping: ffmpeg gets SIGTERM and ends its playlists.</param>
    public LadderEncode(VideoLadder ladder, LivePackaging packaging, string liveDirectory, CancellationToken stop)
    {
        _feed.Start();
        _ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", Arguments(ladder, packaging, liveDirectory))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("ffmpeg did not start");
        _stopping = stop.Register(() => ProcessSignal.Send(_ffmpeg, "TERM"));
        _errors = _ffmpeg.StandardError.ReadToEndAsync(CancellationToken.None);
        _pump = PumpAsync();
    }

    /// <summary>Where the pipeline's ffmpeg sends the push (FLV over TCP, as it was pushed), once, for this encoder's one run.</summary>
    public string FeedUrl => string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{((IPEndPoint)_feed.LocalEndpoint).Port}");

    /// <summary>
    /// Once the pipeline's ffmpeg has ended: encodes what is left of the push (or, if it never sent one, nothing) and
    /// waits for ffmpeg to end its playlists.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // An accept still waiting (no push came) ends here; one that was made has its connection already.
        _feed.Dispose();
        await _pump;
        await _ffmpeg.WaitForExitAsync(CancellationToken.None);
        await _errors;
        await _stopping.DisposeAsync();
        _ffmpeg.Dispose();
    }

    /// <summary>Ends ffmpeg without waiting for it, when the channel's stop took too long.</summary>
    public void Kill() => ProcessSignal.Send(_ffmpeg, "KILL");

    /// <summary>
    /// Takes the feed as fast as it comes into an unbounded buffer (a busy machine's backlog: seconds of the push, a
    /// few megabytes) and writes it to ffmpeg as ffmpeg reads it; ffmpeg's input ends when the feed does.
    /// </summary>
    private async Task PumpAsync()
    {
        var backlog = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        var stdin = _ffmpeg.StandardInput.BaseStream;
        try
        {
            using var sender = await _feed.AcceptSocketAsync();
            await using var feed = new NetworkStream(sender, ownsSocket: false);
            var fill = FillAsync(feed, backlog.Writer);
            try
            {
                await backlog.Reader.CopyToAsync(stdin);
            }
            catch (IOException)
            {
                // ffmpeg ended (the channel stopped): the feed closes at its next bytes, and the sender's tee carries
                // on without this output.
            }

            await backlog.Reader.CompleteAsync();
            await fill;
        }
        catch (SocketException)
        {
            // No push came before the pipeline's ffmpeg ended and the feed was closed.
        }
        catch (ObjectDisposedException)
        {
            // As above, on a listener closed while the accept was starting.
        }
        finally
        {
            await CloseQuietlyAsync(stdin);
        }
    }

    private static async Task FillAsync(Stream feed, PipeWriter backlog)
    {
        try
        {
            await feed.CopyToAsync(backlog);
        }
        catch (IOException)
        {
            // The connection was closed on this side, after ffmpeg ended.
        }
        await backlog.CompleteAsync();
    }

    private static async Task CloseQuietlyAsync(Stream stdin)
    {
        try
        {
            await stdin.DisposeAsync();
        }
        catch (IOException)
        {
            // ffmpeg ended with bytes unread.
        }
    }

    /// <summary>
    /// Each rendition scaled from the push and encoded at its bitrate (H.264, with AAC from the push's audio, if it
    /// has any), keyframes every second so that every rendition's segments start together and a player can switch at
    /// any of them. Encoded as fast as x264 goes: a sandbox runs its channels on one machine.
    /// </summary>
    private static List<string> Arguments(VideoLadder ladder, LivePackaging packaging, string liveDirectory)
    {
        var renditions = ladder.Renditions;
        var graph = new StringBuilder().Append(CultureInfo.InvariantCulture, $"[0:v]split={renditions.Count}");
        for (var i = 0; i < renditions.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[in{i}]");
        }

        for (var i = 0; i < renditions.Count; i++)
        {
            var size = renditions[i] is { Width: { } width, Height: { } height } ? $"scale={width}:{height}" : "null";
            graph.Append(CultureInfo.InvariantCulture, $";[in{i}]{size}[out{i}]");
        }

        List<string> arguments = ["-hide_banner", "-loglevel", "error", "-f", "flv", "-i", "pipe:0", "-filter_complex", graph.ToString()];
        for (var i = 0; i < renditions.Count; i++)
        {
            var bitrate = renditions[i].Bitrate.ToString(CultureInfo.InvariantCulture);
            arguments.AddRange(
            [
                "-map", $"[out{i}]", "-map", "0:a?",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate, "-force_key_frames", "expr:gte(t,n_forced*1)",
                "-c:a", "aac", "-b:a", LadderRendition.AudioBitrate.ToString(CultureInfo.InvariantCulture), "-ar", "48000",
                "-f", "hls", .. packaging.HlsOptions,
                "-hls_segment_filename", string.Create(CultureInfo.InvariantCulture, $"{liveDirectory}/segment_{i + 1}_%d.ts"),
                Path.Combine(liveDirectory, IngestPipeline.VariantPlaylist(i)),
            ]);
        }

        return arguments;
    }
}
