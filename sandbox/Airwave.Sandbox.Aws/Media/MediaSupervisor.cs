using System.Net.Sockets;
using Airwave.Sandbox.Aws.MediaLive;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Keeps an <see cref="IngestPipeline"/> running for every pipeline of every starting or RUNNING channel and ends it
/// when the channel stops: a starting channel becomes RUNNING once its pipelines listen, so a push is accepted
/// whenever MediaLive says RUNNING, and refused once the channel stopped (nothing listens on the destination's port).
/// </summary>
internal sealed class MediaSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly MediaLiveStore _mediaLive;
    private readonly S3Store _s3;
    private readonly LiveOrigins _origins;
    private readonly Func<string, LivePackaging> _packaging;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly Dictionary<string, IngestPipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unavailable = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public MediaSupervisor(MediaLiveStore mediaLive, S3Store s3, LiveOrigins origins, Func<string, LivePackaging> packaging, TimeProvider time, TextWriter log)
    {
        _log = log;
        _mediaLive = mediaLive;
        _s3 = s3;
        _origins = origins;
        _packaging = packaging;
        _time = time;
        _mediaLive.WaitForPipelinesOnStart();
        _run = Task.Run(RunAsync);
    }

    /// <summary>The ffmpeg the pipelines run, found on PATH; null when there is none.</summary>
    public static string? FfmpegPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "ffmpeg"))
            .FirstOrDefault(File.Exists);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            var wanted = _mediaLive.PipelinesToRun().ToDictionary(p => p.Key, StringComparer.Ordinal);
            foreach (var (key, pipeline) in _pipelines.Where(p => !wanted.TryGetValue(p.Key, out var plan) || plan != p.Value.Plan).ToList())
            {
                _pipelines.Remove(key);
                await pipeline.DisposeAsync();
            }
            foreach (var channel in wanted.Values.GroupBy(plan => plan.ChannelId))
            {
                if (Start(channel))
                {
                    _mediaLive.PipelinesListen(channel.Key);
                }
            }
        }
        while (await timer.NextAsync(_stop.Token));
    }

    /// <summary>Starts the channel's pipelines not yet running; true when all of them listen.</summary>
    private bool Start(IEnumerable<PipelinePlan> plans)
    {
        foreach (var plan in plans.Where(p => !_pipelines.ContainsKey(p.Key)))
        {
            try
            {
                var alerts = new PipelineAlerts(_mediaLive, plan.ChannelId, plan.Pipeline);
                var refusals = new PushRefusals(_log, $"MediaLive emulator: channel {plan.ChannelId} pipeline {plan.Pipeline}, input destination 127.0.0.1:{plan.Port}", alerts);
                _pipelines[plan.Key] = new IngestPipeline(plan, _s3, _origins, _packaging, LoopbackPorts.Reserve(), _time, new PipelineInput(refusals, Certificate: null, alerts, new VideoPresence(alerts)));
            }
            catch (SocketException error)
            {
                // Another program holds the destination's port. The channel stays STARTING and the next round tries again;
                // every other channel goes on meanwhile.
                if (_unavailable.Add(plan.Key))
                {
                    _log.WriteLine($"MediaLive emulator: channel {plan.ChannelId} pipeline {plan.Pipeline} cannot listen on 127.0.0.1:{plan.Port} ({error.SocketErrorCode}); its start waits until it can.");
                }
                return false;
            }
            _unavailable.Remove(plan.Key);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        foreach (var pipeline in _pipelines.Values)
        {
            await pipeline.DisposeAsync();
        }
        _stop.Dispose();
    }
}
