using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// Every IVS channel's ingest, as the service keeps one ready for as long as the channel exists: RTMPS on the
/// channel's port, admitting the push whose stream name is <c>app/{stream key}</c>, cut into short HLS segments that
/// <see cref="IvsPlayback"/> serves at the channel's playback URL. Tells the store when a channel goes live (media
/// has arrived) and offline, drops the publisher on StopStream, and records the broadcasts of a channel that names a
/// recording configuration (<see cref="IvsRecorder"/>).
/// </summary>
internal sealed class IvsMedia : IAsyncDisposable
{
    /// <summary>IVS's low-latency playlists: 2-second segments, a short window.</summary>
    public static readonly LivePackaging Packaging = new(2, 30);

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly IvsStore _store;
    private readonly IvsRecordingConfigurations _recordings;
    private readonly S3Store _s3;
    private readonly LiveOrigins _origins;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly X509Certificate2 _certificate;
    private readonly string _accountId;
    private readonly Dictionary<string, IngestPipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IvsRecorder> _recorders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unavailable = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public IvsMedia(IvsStore store, IvsRecordingConfigurations recordings, S3Store s3, LiveOrigins origins, AwsEmulatorOptions options)
    {
        _log = options.Log;
        _store = store;
        _recordings = recordings;
        _s3 = s3;
        _origins = origins;
        _time = options.Time;
        _accountId = options.AccountId;
        _certificate = IvsIngestCertificate.Create(_time.GetUtcNow());
        _run = Task.Run(RunAsync);
    }

    /// <summary>The origin key a channel's live HLS is kept under.</summary>
    public static string OriginKey(string playbackName) => $"ivs/{playbackName}";

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            var ingests = _store.Ingests.Where(i => i.StreamKey is not null).ToDictionary(i => i.ChannelArn, StringComparer.Ordinal);
            var wanted = ingests.ToDictionary(i => i.Key, i => Plan(i.Value), StringComparer.Ordinal);
            foreach (var (arn, pipeline) in _pipelines.Where(p => !wanted.TryGetValue(p.Key, out var plan) || plan != p.Value.Plan).ToList())
            {
                _pipelines.Remove(arn);
                await pipeline.DisposeAsync();
                _store.Broadcasting(arn, null);
                _recorders.Remove(arn, out var recorder);
                recorder?.End(_time.GetUtcNow());
            }
            foreach (var (arn, plan) in wanted.Where(w => !_pipelines.ContainsKey(w.Key)))
            {
                Start(arn, plan);
            }

            var stops = _store.TakeStopsAsked();
            foreach (var (arn, pipeline) in _pipelines)
            {
                if (stops.Contains(arn))
                {
                    pipeline.Relay?.Drop();
                }
                var liveSince = LiveSince(pipeline);
                _store.Broadcasting(arn, liveSince);
                var recording = ingests[arn].RecordingConfigurationArn is { } configuration ? _recordings.Find(configuration) : null;
                try
                {
                    await _recorders[arn].TickAsync(pipeline, liveSince is not null, recording, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // The emulator is stopping: the recording ends below.
                }
            }
        }
        while (await timer.NextAsync(_stop.Token));
    }

    private static PipelinePlan Plan(IvsIngest ingest) =>
        new(ingest.ChannelArn, 0, ingest.Port, $"app/{ingest.StreamKey}", "0.0.0.0/0,::/0", Archive: null, PackageChannelId: OriginKey(ingest.PlaybackName));

    private void Start(string arn, PipelinePlan plan)
    {
        try
        {
            var refusals = new PushRefusals(_log, $"IVS emulator: channel {arn}, ingest 127.0.0.1:{plan.Port}", alerts: null);
            _pipelines[arn] = new IngestPipeline(plan, _s3, _origins, _ => Packaging, LoopbackPorts.Reserve(), _time, new PipelineInput(refusals, _certificate));
            _recorders[arn] = new IvsRecorder(arn, _accountId, _s3, _time, _log);
            _unavailable.Remove(arn);
        }
        catch (SocketException error)
        {
            // Another program holds the channel's port; the next round tries again.
            if (_unavailable.Add(arn))
            {
                _log.WriteLine($"IVS emulator: channel {arn} cannot take its ingest on 127.0.0.1:{plan.Port} ({error.SocketErrorCode}); it waits until it can.");
            }
        }
    }

    /// <summary>Live once a publisher is connected and its media has reached the playlist, as IVS goes live on media, not on a connection.</summary>
    private static DateTimeOffset? LiveSince(IngestPipeline pipeline)
    {
        if (pipeline.Relay?.RelayingSince is not { } since || pipeline.LivePlaylist is not { } playlist || !File.Exists(playlist))
        {
            return null;
        }

        return File.GetLastWriteTimeUtc(playlist) >= since.UtcDateTime ? since : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        foreach (var pipeline in _pipelines.Values)
        {
            await pipeline.DisposeAsync();
        }
        foreach (var recorder in _recorders.Values)
        {
            recorder.End(_time.GetUtcNow());
        }
        _stop.Dispose();
        _certificate.Dispose();
    }
}
