using System.Globalization;
using System.Text;
using System.Text.Json;
using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// One recording of a channel's broadcast, written as IVS writes it to the configuration's bucket, under
/// <c>ivs/v1/{account}/{channel id}/{year}/{month}/{day}/{hour}/{minute}/{recording id}/</c> (the start's UTC time,
/// without leading zeros): <c>events/recording-started.json</c> once media has come, the rendition's segments and
/// playlist under <c>media/hls/{rendition}/</c> as they come (<c>0.ts</c>, <c>1.ts</c>, …; a discontinuity where the
/// broadcaster reconnected), <c>media/hls/master.m3u8</c>, a thumbnail every interval under <c>media/thumbnails/</c>,
/// and at the end the playlist made VOD and <c>events/recording-ended.json</c> with the recording's duration. The
/// emulated channel passes its source through, so the recording has the source's one rendition, as IVS records a
/// BASIC channel.
/// </summary>
internal sealed class IvsRecording
{
    private const string HlsPath = "media/hls";
    private const string ThumbnailsPath = "media/thumbnails";
    private const string RenditionPlaylist = "playlist.m3u8";
    private const string MasterPlaylist = "master.m3u8";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string _channelArn;
    private readonly string _bucket;
    private readonly ThumbnailConfiguration? _thumbnails;
    private readonly S3Store _s3;
    private readonly TextWriter _log;
    private readonly DateTimeOffset _startedAt;
    private readonly List<(double Duration, bool Discontinuity)> _segments = [];

    /// <summary>Seconds recorded so far: the segments' durations end to end.</summary>
    private double _length;
    private Rendition? _rendition;
    private double _nextThumbnail;
    private int _thumbnailCount;
    private bool _bucketMissingLogged;

    public IvsRecording(string channelArn, RecordingConfiguration configuration, string accountId, S3Store s3, DateTimeOffset startedAt, TextWriter log)
    {
        _channelArn = channelArn;
        _bucket = configuration.DestinationConfiguration.S3!.BucketName;
        _thumbnails = configuration.ThumbnailConfiguration;
        _s3 = s3;
        _log = log;
        _startedAt = startedAt;
        ReconnectWindow = TimeSpan.FromSeconds(configuration.RecordingReconnectWindowSeconds);
        var utc = startedAt.UtcDateTime;
        var channelId = channelArn[(channelArn.LastIndexOf('/') + 1)..];
        Prefix = string.Create(CultureInfo.InvariantCulture, $"ivs/v1/{accountId}/{channelId}/{utc.Year}/{utc.Month}/{utc.Day}/{utc.Hour}/{utc.Minute}/{IvsIds.New(12)}");
    }

    /// <summary>The recording's folder in the bucket (IVS's S3 prefix).</summary>
    public string Prefix { get; }

    /// <summary>How long the broadcast may be away and come back into this recording.</summary>
    public TimeSpan ReconnectWindow { get; }

    /// <summary>Adds a segment of the broadcast: its file, its length, and whether it follows a reconnection.</summary>
    public async Task AddAsync(string file, double duration, bool discontinuity, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(file, cancellationToken);
        if (_rendition is null)
        {
            _rendition = await Rendition.ProbeAsync(file, content.Length / Math.Max(duration, 0.1), cancellationToken);
            Put($"{HlsPath}/{MasterPlaylist}", _rendition.MasterPlaylist(RenditionPlaylist), "application/x-mpegURL");
            PutEvent("recording-started.json", Metadata("RECORDING_STARTED", endedAt: null));
        }

        var (number, position) = (_segments.Count, _length);
        _segments.Add((duration, discontinuity && number > 0));
        _length += duration;
        Put($"{HlsPath}/{_rendition.Name}/{number}.ts", content, "video/MP2T");
        await ThumbnailAsync(file, position, duration, cancellationToken);
        Put($"{HlsPath}/{_rendition.Name}/{RenditionPlaylist}", Playlist(ended: false), "application/x-mpegURL");
    }

    /// <summary>Ends the recording: the playlist becomes VOD and recording-ended.json says how long it is.</summary>
    public void End(DateTimeOffset endedAt)
    {
        if (_rendition is null)
        {
            // No media came: IVS writes nothing for a broadcast it never recorded.
            return;
        }

        Put($"{HlsPath}/{_rendition.Name}/{RenditionPlaylist}", Playlist(ended: true), "application/x-mpegURL");
        PutEvent("recording-ended.json", Metadata("RECORDING_ENDED", endedAt));
    }

    /// <param name="position">Where the segment starts in the recording.</param>
    private async Task ThumbnailAsync(string file, double position, double duration, CancellationToken cancellationToken)
    {
        if (_thumbnails?.RecordingMode != "INTERVAL" || position + duration <= _nextThumbnail)
        {
            return;
        }

        var frame = await ProcessOutput.RunAsync("ffmpeg", ["-v", "error", "-ss", Math.Max(0, _nextThumbnail - position).ToString("0.###", CultureInfo.InvariantCulture), "-i", file, "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", "pipe:1"], cancellationToken);
        if (frame.Length > 0)
        {
            Put($"{ThumbnailsPath}/thumb{_thumbnailCount++}.jpg", frame, "image/jpeg");
        }

        _nextThumbnail += _thumbnails.TargetIntervalSeconds ?? 60;
    }

    private string Playlist(bool ended)
    {
        var playlist = new StringBuilder();
        playlist.Append(CultureInfo.InvariantCulture, $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{(int)Math.Ceiling(_segments.Max(s => s.Duration))}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:{(ended ? "VOD" : "EVENT")}\n");
        for (var i = 0; i < _segments.Count; i++)
        {
            if (_segments[i].Discontinuity)
            {
                playlist.Append("#EXT-X-DISCONTINUITY\n");
            }

            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{_segments[i].Duration:0.000},\n{i}.ts\n");
        }

        return ended ? playlist.Append("#EXT-X-ENDLIST\n").ToString() : playlist.ToString();
    }

    /// <summary>The metadata file IVS writes at a recording's start and end (its schema version v1).</summary>
    private Dictionary<string, object> Metadata(string status, DateTimeOffset? endedAt)
    {
        var rendition = new Dictionary<string, object>
        {
            ["path"] = _rendition!.Name,
            ["playlist"] = RenditionPlaylist,
            ["resolution_width"] = _rendition.Width,
            ["resolution_height"] = _rendition.Height,
        };
        var hls = new Dictionary<string, object> { ["path"] = HlsPath, ["playlist"] = MasterPlaylist, ["renditions"] = new[] { rendition } };
        if (endedAt is not null)
        {
            hls["duration_ms"] = (long)Math.Round(_length * 1000);
        }

        var metadata = new Dictionary<string, object> { ["version"] = "v1", ["recording_started_at"] = Timestamp(_startedAt) };
        if (endedAt is { } ended)
        {
            metadata["recording_ended_at"] = Timestamp(ended);
        }

        metadata["channel_arn"] = _channelArn;
        metadata["recording_status"] = status;
        metadata["media"] = new Dictionary<string, object> { ["hls"] = hls, ["thumbnails"] = new Dictionary<string, object> { ["path"] = ThumbnailsPath } };
        return metadata;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void PutEvent(string name, Dictionary<string, object> metadata) =>
        Put($"events/{name}", JsonSerializer.SerializeToUtf8Bytes(metadata, Json), "application/json");

    private void Put(string path, string text, string contentType) => Put(path, Encoding.UTF8.GetBytes(text), contentType);

    private void Put(string path, byte[] content, string contentType)
    {
        try
        {
            _s3.Put(_bucket, new S3Object($"{Prefix}/{path}", content, S3Store.ETagOf(content), _s3.Now, contentType, new Dictionary<string, string>(), new Dictionary<string, string>(), Checksum: null));
        }
        catch (AwsApiException error)
        {
            // The bucket was deleted after the configuration was made: IVS fails the recording; the emulator drops what it cannot write.
            if (!_bucketMissingLogged)
            {
                _bucketMissingLogged = true;
                _log.WriteLine($"IVS emulator: recording {Prefix} of channel {_channelArn} cannot be written to bucket {_bucket}: {error.Message}");
            }
        }
    }

    /// <summary>The recorded rendition, named as IVS names renditions: height, "p", frame rate (720p30).</summary>
    private sealed record Rendition(string Name, int Width, int Height, double FrameRate, long Bandwidth)
    {
        public static async Task<Rendition> ProbeAsync(string file, double bytesPerSecond, CancellationToken cancellationToken)
        {
            var probe = Encoding.UTF8.GetString(await ProcessOutput.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate", "-of", "csv=p=0", file], cancellationToken)).Trim();
            var fields = probe.Split(',');
            var width = fields.Length > 0 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var w) ? w : 0;
            var height = fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var h) ? h : 0;
            var rate = fields.Length > 2 ? RateOf(fields[2]) : 30;
            return new Rendition(string.Create(CultureInfo.InvariantCulture, $"{height}p{Math.Round(rate)}"), width, height, rate, (long)(bytesPerSecond * 8));
        }

        public string MasterPlaylist(string renditionPlaylist) =>
            string.Create(CultureInfo.InvariantCulture, $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH={Math.Max(Bandwidth, 1)},RESOLUTION={Width}x{Height},FRAME-RATE={FrameRate:0.000}\n{Name}/{renditionPlaylist}\n");

        /// <summary>ffprobe's "30/1" or "30000/1001".</summary>
        private static double RateOf(string fraction) =>
            fraction.Split('/') is [var n, var d]
            && double.TryParse(n, CultureInfo.InvariantCulture, out var numerator)
            && double.TryParse(d, CultureInfo.InvariantCulture, out var denominator) && denominator > 0 && numerator > 0
                ? numerator / denominator
                : 30;
    }
}
