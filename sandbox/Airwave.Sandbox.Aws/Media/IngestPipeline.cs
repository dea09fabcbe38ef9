using System.Diagnostics;
using System.Globalization;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// One pipeline of a running channel: an ffmpeg process taking the RTMP push that the <see cref="InputRelay"/> on the
/// input destination's port admits, or that the <see cref="InputPull"/> of a pull input makes from its source,
/// listening again after each publisher leaves; for an archive output, cutting the stream into files of the
/// rollover length (stream copy, cut at keyframes) that go to S3 as MediaLive names them; for a MediaPackage output
/// (the first pipeline's), keeping live HLS segments for the MediaPackage channel's origin endpoints to serve: each
/// rendition of the output group's ladder encoded at its size and bitrate (by a <see cref="LadderEncode"/> of each
/// push), or, without a ladder, the push as it came. Ends with the channel.
/// </summary>
internal sealed class IngestPipeline : IAsyncDisposable
{
    // Long enough for ffmpeg to finish its file on a machine busy with other work; a stopping MediaLive channel takes longer.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly PipelinePlan _plan;
    private readonly S3Store _s3;
    private readonly LiveOrigins _origins;
    private readonly Func<string, LivePackaging> _packaging;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-ingest-");
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _started;
    private readonly Task _run;
    /// <summary>Where the input's media comes from: the destination's port, relayed, or a pull input's source.</summary>
    private readonly IAsyncDisposable _input;
    private readonly int _ffmpegPort;
    private Process? _ffmpeg;
    private LadderEncode? _ladder;
    private int _counter = 1;
    private int _endedRuns;

    /// <param name="packaging">How a MediaPackage channel's endpoints package it now, read at each new push.</param>
    /// <param name="ffmpegPort">A free loopback port for ffmpeg to listen on, behind the relay.</param>
    public IngestPipeline(PipelinePlan plan, S3Store s3, LiveOrigins origins, Func<string, LivePackaging> packaging, int ffmpegPort, TimeProvider time, PipelineInput input)
    {
        _plan = plan;
        _s3 = s3;
        _origins = origins;
        _packaging = packaging;
        _started = time.GetUtcNow();
        _ffmpegPort = ffmpegPort;
        _input = plan.Pull is { } pull
            ? new InputPull(pull, $"rtmp://127.0.0.1:{_ffmpegPort}/{plan.StreamName}", input.Alerts ?? throw new ArgumentException("a pull input's pipeline reports to its channel's alerts", nameof(input)), input.Video)
            : new InputRelay(plan.Port, plan.AllowedCidrs, _ffmpegPort, plan.StreamName, input.Refusals, input.Certificate, time, input.Video);
        if (FeedsOrigin)
        {
            Directory.CreateDirectory(LiveDirectory);
            var variants = plan.Ladder?.Renditions.Select((rendition, i) => new LiveVariant(VariantPlaylist(i), rendition.Bandwidth, rendition.Width, rendition.Height)).ToList();
            _origins.Feed(plan.PackageChannelId!, LiveDirectory, variants is null ? LiveOrigins.SourcePlaylist : variants[0].Playlist, variants);
        }
        _run = Task.Run(RunAsync);
    }

    private bool FeedsOrigin => _plan.PackageChannelId is not null && _plan.Pipeline == 0;

    private string LiveDirectory => Path.Combine(_work.FullName, "live");

    public PipelinePlan Plan => _plan;

    /// <summary>A push input's relay (null for a pull input): whether a publisher is connected, and a way to drop it.</summary>
    public InputRelay? Relay => _input as InputRelay;

    /// <summary>How many ffmpeg runs (one per push) have ended: once it grows, the playlist holds every segment of the push before.</summary>
    public int EndedRuns => Volatile.Read(ref _endedRuns);

    /// <summary>The live HLS playlist it keeps for the origin, once media has arrived; null when it feeds no origin.</summary>
    public string? LivePlaylist => FeedsOrigin ? Path.Combine(LiveDirectory, _plan.Ladder is null ? LiveOrigins.SourcePlaylist : VariantPlaylist(0)) : null;

    /// <summary>The media playlist of the ladder's rendition <paramref name="index"/> (from 0), beside the others in the live directory.</summary>
    internal static string VariantPlaylist(int index) => string.Create(CultureInfo.InvariantCulture, $"live_{index + 1}.m3u8");

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var ladder = FeedsOrigin && _plan.Ladder is { } rungs ? new LadderEncode(rungs, _packaging(_plan.PackageChannelId!), LiveDirectory, _stop.Token) : null;
            _ladder = ladder;
            using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", Arguments(ladder?.FeedUrl))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("ffmpeg did not start");
            _ffmpeg = ffmpeg;

            // Fires at once if the channel stopped while this process was starting.
            using var stopping = _stop.Token.Register(() => ProcessSignal.Send(ffmpeg, "TERM"));
            // Drained so that ffmpeg never blocks on a full pipe; a broken push is the publisher's to see.
            var errors = ffmpeg.StandardError.ReadToEndAsync();

            // Each line is a finished file: "name,start,end".
            while (await ffmpeg.StandardOutput.ReadLineAsync() is { } line)
            {
                Archive(line);
            }
            await ffmpeg.WaitForExitAsync();
            await errors;
            if (ladder is not null)
            {
                await ladder.DisposeAsync();
            }
            _ffmpeg = null;
            _ladder = null;
            Interlocked.Increment(ref _endedRuns);
            if (!_stop.IsCancellationRequested)
            {
                // The publisher left; listen again for the next push, as a running channel's input does.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <param name="ladderFeed">Where the ladder's encoder takes the push, when the origin gets a ladder.</param>
    private List<string> Arguments(string? ladderFeed)
    {
        List<string> arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-listen", "1", "-f", "flv", "-i", $"rtmp://127.0.0.1:{_ffmpegPort}/{_plan.StreamName}",
        ];
        // Everything this process writes is the push as it came, through one stream copy into ffmpeg's tee muxer:
        // the archive, the origin's stream when the channel has no ladder, the ladder encoder's feed. Its options
        // are ':'-separated and unescaped twice, hence ffmpeg gets "pipe\\:1".
        var copies = new List<string>();
        if (_plan.Archive is { } archive)
        {
            copies.Add(string.Create(CultureInfo.InvariantCulture,
                $"[f=segment:segment_format=mpegts:segment_time={archive.RolloverSeconds}:segment_start_number={_counter}:segment_list=pipe\\\\:1:segment_list_type=csv]{_work.FullName}/file.%06d.ts"));
        }
        if (FeedsOrigin && _plan.Ladder is null)
        {
            copies.Add($"[f=hls:{string.Join(':', _packaging(_plan.PackageChannelId!).HlsOptions.Chunk(2).Select(o => $"{o[0].TrimStart('-')}={o[1]}"))}:hls_segment_filename={LiveDirectory}/segment_%d.ts]{LiveDirectory}/{LiveOrigins.SourcePlaylist}");
        }
        if (ladderFeed is not null)
        {
            // A lost encoder (the channel stopping) leaves the archive to finish its file.
            copies.Add($"[f=flv:onfail=ignore]{ladderFeed}");
        }

        arguments.AddRange(copies.Count > 0 ? ["-map", "0", "-c", "copy", "-f", "tee", string.Join('|', copies)] : ["-f", "null", "-"]);
        return arguments;
    }

    private void Archive(string line)
    {
        var name = line.Split(',')[0];
        var path = Path.Combine(_work.FullName, name);
        if (_plan.Archive is not { } archive || !File.Exists(path))
        {
            return;
        }
        var content = File.ReadAllBytes(path);
        File.Delete(path);
        var key = archive.KeyOf(_counter++, _started);
        try
        {
            _s3.Put(archive.Bucket, new S3Object(key, content, S3Store.ETagOf(content), _s3.Now, "video/MP2T", new Dictionary<string, string>(), new Dictionary<string, string>(), Checksum: null));
        }
        catch (Pipeline.AwsApiException)
        {
            // The bucket is missing: MediaLive raises an alert (which the emulator does not model) and drops the file.
        }
    }

    /// <summary>Stops as MediaLive stops a channel: ffmpeg gets SIGTERM and finishes the file it is writing, which is archived.</summary>
    public async ValueTask DisposeAsync()
    {
        await _input.DisposeAsync();
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(StopGrace);
        }
        catch (TimeoutException)
        {
            if (_ffmpeg is { } ffmpeg)
            {
                ProcessSignal.Send(ffmpeg, "KILL");
            }
            _ladder?.Kill();
            await _run;
        }
        if (FeedsOrigin)
        {
            _origins.Unfeed(_plan.PackageChannelId!, LiveDirectory);
        }
        _stop.Dispose();
        _work.Delete(recursive: true);
    }
}
