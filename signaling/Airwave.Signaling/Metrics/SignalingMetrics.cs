using System.Diagnostics.Metrics;
using Airwave.Signaling.Protocol;

namespace Airwave.Signaling.Metrics;

/// <summary>
/// What one replica reports at /metrics (meter Airwave.Signaling). Gauges count this replica's connections, so a sum
/// over the replicas is the service's; labels take a small fixed set of values, never a user's or a site's id.
/// </summary>
public sealed class SignalingMetrics : IDisposable
{
    public const string MeterName = "Airwave.Signaling";

    private static readonly double[] RelayBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
    private static readonly HashSet<string> FrameTypes = ["hello", "subscribe", "watch", "accept", "refuse", "offer", "answer", "ice", "heartbeat", "bye"];

    private readonly Meter _meter;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _broadcastsStarted;
    private readonly Counter<long> _broadcastsEnded;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _relayLatency;
    private readonly Counter<long> _sfuRequests;
    private long _unintroduced;
    private long _broadcasters;
    private long _viewers;

    /// <param name="meterFactory">The host's factory; null creates a standalone meter.</param>
    public SignalingMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("airwave_signaling_connections", ObserveConnections, description: "Open WebSockets on this replica, by role (unintroduced until the page's hello).");
        _frames = _meter.CreateCounter<long>("airwave_signaling_frames_received_total", description: "Frames received from pages, by type (other for unknown types).");
        _errors = _meter.CreateCounter<long>("airwave_signaling_error_frames_total", description: "Error frames sent to pages, by code.");
        _broadcastsStarted = _meter.CreateCounter<long>("airwave_signaling_broadcasts_started_total", description: "Broadcasts started on this replica.");
        _broadcastsEnded = _meter.CreateCounter<long>("airwave_signaling_broadcasts_ended_total", description: "Broadcasts ended by this replica, by reason (ended, replaced, lost).");
        _decisions = _meter.CreateCounter<long>("airwave_signaling_viewer_decisions_total", description: "Broadcasters' answers to watch requests, by decision (accepted, refused).");
        _relayLatency = _meter.CreateHistogram(
            "airwave_signaling_relay_latency_seconds",
            "s",
            "Time from an offer, answer or ICE candidate reaching the service to its being queued for the other page, across replicas.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RelayBuckets });
        _sfuRequests = _meter.CreateCounter<long>("airwave_signaling_sfu_requests_total", description: "WHIP and WHEP requests passed to WebRtc streams' SFU pods, by protocol (whip, whep), method and the status answered (a pod's, or 502, 503 when none answered).");
    }

    public void ConnectionOpened() => Interlocked.Increment(ref _unintroduced);

    /// <summary>The page said hello: its connection now counts under its role.</summary>
    public void Introduced(PeerRole role)
    {
        Interlocked.Decrement(ref _unintroduced);
        Interlocked.Increment(ref Count(role));
    }

    public void ConnectionClosed(PeerRole? role) => Interlocked.Decrement(ref role is { } r ? ref Count(r) : ref _unintroduced);

    public void FrameReceived(string type) => _frames.Add(1, new KeyValuePair<string, object?>("type", FrameTypes.Contains(type) ? type : "other"));

    public void ErrorSent(string code) => _errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void BroadcastStarted() => _broadcastsStarted.Add(1);

    public void BroadcastEnded(string reason) => _broadcastsEnded.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Decided(string decision) => _decisions.Add(1, new KeyValuePair<string, object?>("decision", decision));

    public void SfuRequest(string protocol, string method, int status) => _sfuRequests.Add(
        1,
        new KeyValuePair<string, object?>("protocol", protocol),
        new KeyValuePair<string, object?>("method", method),
        new KeyValuePair<string, object?>("code", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void Relayed(TimeSpan latency) => _relayLatency.Record(Math.Max(0, latency.TotalSeconds));

    public void Dispose() => _meter.Dispose();

    private ref long Count(PeerRole role) => ref role == PeerRole.Broadcaster ? ref _broadcasters : ref _viewers;

    private IEnumerable<Measurement<long>> ObserveConnections() =>
    [
        new(Interlocked.Read(ref _unintroduced), new KeyValuePair<string, object?>("role", "unintroduced")),
        new(Interlocked.Read(ref _broadcasters), new KeyValuePair<string, object?>("role", "broadcaster")),
        new(Interlocked.Read(ref _viewers), new KeyValuePair<string, object?>("role", "viewer")),
    ];
}
