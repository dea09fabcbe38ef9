using Airwave.Sfu.Janus;
using Airwave.Sfu.Supervision;
using Airwave.Sfu.Whip;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Airwave.Sfu.Load;

/// <summary>
/// The engine's readiness (it runs, answers and the stream's room is open), read from its admin API in the background
/// (a scrape or a probe never waits on the engine), and its load, exported as airwave_sfu_ready, airwave_sfu_sessions
/// and airwave_sfu_handles, with airwave_sfu_publishing. Every client's session and its one handle are the pod's own
/// (<see cref="EngineSessions"/>), so the load is counted there, with no request; readiness is one request every
/// <see cref="Interval"/> once ready (every 200 ms until then), and an engine that exits is not ready at once.
/// </summary>
public sealed class EngineLoad : BackgroundService
{
    /// <summary>The media engine's name among the pod's children.</summary>
    public const string EngineName = "janus";

    // As often as a kubelet probes by default: each look costs the engine and this process a request.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly JanusAdmin _admin;
    private readonly StreamRoom _room;
    private readonly SupervisedProcess _engine;
    private readonly TimeProvider _time;
    private volatile bool _ready;

    public EngineLoad(JanusAdmin admin, StreamRoom room, IEnumerable<SupervisedProcess> children, WhipPublishing publishing, EngineSessions clients, TimeProvider time, CollectorRegistry registry)
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
            ready.Set(IsReady ? 1 : 0);
            sessions.Set(clients.Count());
            handles.Set(clients.Count());
            publisher.Set(publishing.IsPublishing ? 1 : 0);
        });
    }

    public bool IsReady => _ready && _engine.IsRunning;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Not before the room is open: opening it takes a session, which is no client's.
                _ready = _room.IsOpen && _engine.IsRunning && await _admin.IsReadyAsync(stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // An engine that does not answer in time is not ready; the next look may find it back.
                _ready = false;
            }

            await Task.Delay(_ready ? Interval : TimeSpan.FromMilliseconds(200), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

}
