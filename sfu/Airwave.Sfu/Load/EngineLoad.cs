using Airwave.Sfu.Janus;
using Airwave.Sfu.Supervision;
using Airwave.Sfu.Whip;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Airwave.Sfu.Load;

/// <summary>
/// The engine's readiness (it answers and the stream's room is open) and load, read from its admin API in the background (a scrape or a probe never waits on the
/// engine), exported as airwave_sfu_ready, airwave_sfu_sessions and airwave_sfu_handles, with airwave_sfu_publishing. Readiness is one request every
/// two seconds; the load is one request per session, so it is counted less often.
/// </summary>
public sealed class EngineLoad : BackgroundService
{
    /// <summary>The media engine's name among the pod's children.</summary>
    public const string EngineName = "janus";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LoadInterval = TimeSpan.FromSeconds(5);

    private readonly JanusAdmin _admin;
    private readonly StreamRoom _room;
    private readonly SupervisedProcess _engine;
    private readonly TimeProvider _time;
    private volatile Snapshot _current = new(false, 0, 0);

    public EngineLoad(JanusAdmin admin, StreamRoom room, IEnumerable<SupervisedProcess> children, WhipPublishing publishing, TimeProvider time, CollectorRegistry registry)
    {
        _admin = admin;
        _room = room;
        _engine = children.Single(c => c.Name == EngineName);
        _time = time;
        var metrics = Metrics.WithCustomRegistry(registry);
        var ready = metrics.CreateGauge("airwave_sfu_ready", "1 while the media engine answers, runs the VideoRoom plugin and has the stream's room open.");
        var sessions = metrics.CreateGauge("airwave_sfu_sessions", "The media engine's sessions (one per publisher or viewer client).");
        var handles = metrics.CreateGauge("airwave_sfu_handles", "The media engine's handles: one per peer connection, the pod's load.");
        var publisher = metrics.CreateGauge("airwave_sfu_publishing", "1 while the stream's publisher is in this pod's room (the pod the operator drains last).");
        registry.AddBeforeCollectCallback(() =>
        {
            var current = _current;
            ready.Set(current.Ready ? 1 : 0);
            sessions.Set(current.Sessions);
            handles.Set(current.Handles);
            publisher.Set(publishing.IsPublishing ? 1 : 0);
        });
    }

    public bool IsReady => _current.Ready && _engine.IsRunning;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var counted = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Not before the room is open: opening it takes a session, which is no client's.
                var ready = _room.IsOpen && await _admin.IsReadyAsync(stoppingToken);
                if (!ready)
                {
                    _current = new Snapshot(false, 0, 0);
                }
                else if (!_current.Ready || _time.GetUtcNow() - counted >= LoadInterval)
                {
                    var (sessions, handles) = await _admin.LoadAsync(stoppingToken);
                    _current = new Snapshot(true, sessions, handles);
                    counted = _time.GetUtcNow();
                }
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // An engine that does not answer in time is not ready; the next look may find it back.
                _current = _current with { Ready = false };
            }

            await Task.Delay(_current.Ready ? Interval : TimeSpan.FromMilliseconds(200), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private sealed record Snapshot(bool Ready, int Sessions, int Handles);
}
