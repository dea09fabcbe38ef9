using Airwave.Signaling.Protocol;
using Prometheus;

namespace Airwave.Signaling.Metrics;

/// <summary>
/// What one replica reports at /metrics. Gauges count this replica's connections, so a sum
/// over the replicas is the service's; labels take a small fixed set of values, never a user's or a site's id.
/// </summary>
public sealed class SignalingMetrics
{
    private static readonly double[] RelayBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
    private static readonly HashSet<string> FrameTypes = ["hello", "subscribe", "watch", "accept", "refuse", "offer", "answer", "ice", "heartbeat", "bye"];

    private readonly Gauge.Child _unintroduced;
    private readonly Gauge.Child _broadcasters;
    private readonly Gauge.Child _viewers;
    private readonly Counter _frames;
    private readonly Counter _errors;
    private readonly Counter _broadcastsStarted;
    private readonly Counter _broadcastsEnded;
    private readonly Counter _decisions;
    private readonly Histogram _relayLatency;
    private readonly Counter _sfuRequests;

    /// <param name="metrics">The host's factory, whose registry its /metrics serves.</param>
    public SignalingMetrics(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var connections = metrics.CreateGauge("airwave_signaling_connections", "Open WebSockets on this replica, by role (unintroduced until the page's hello).", ["role"]);
        _unintroduced = connections.WithLabels("unintroduced");
        _broadcasters = connections.WithLabels("broadcaster");
        _viewers = connections.WithLabels("viewer");
        _frames = metrics.CreateCounter("airwave_signaling_frames_received_total", "Frames received from pages, by type (other for unknown types).", ["type"]);
        _errors = metrics.CreateCounter("airwave_signaling_error_frames_total", "Error frames sent to pages, by code.", ["code"]);
        _broadcastsStarted = metrics.CreateCounter("airwave_signaling_broadcasts_started_total", "Broadcasts started on this replica.");
        _broadcastsEnded = metrics.CreateCounter("airwave_signaling_broadcasts_ended_total", "Broadcasts ended by this replica, by reason (ended, replaced, lost).", ["reason"]);
        _decisions = metrics.CreateCounter("airwave_signaling_viewer_decisions_total", "Broadcasters' answers to watch requests, by decision (accepted, refused).", ["decision"]);
        _relayLatency = metrics.CreateHistogram(
            "airwave_signaling_relay_latency_seconds",
            "Time from an offer, answer or ICE candidate reaching the service to its being queued for the other page, across replicas.",
            new HistogramConfiguration { Buckets = RelayBuckets });
        _sfuRequests = metrics.CreateCounter(
            "airwave_signaling_sfu_requests_total",
            "WHIP and WHEP requests passed to WebRtc streams' SFU pods, by protocol (whip, whep), method and the status answered (a pod's, or 502, 503 when none answered).",
            ["code", "method", "protocol"]);
    }

    public void ConnectionOpened() => _unintroduced.Inc();

    /// <summary>The page said hello: its connection now counts under its role.</summary>
    public void Introduced(PeerRole role)
    {
        _unintroduced.Dec();
        Count(role).Inc();
    }

    public void ConnectionClosed(PeerRole? role) => (role is { } r ? Count(r) : _unintroduced).Dec();

    public void FrameReceived(string type) => _frames.WithLabels(FrameTypes.Contains(type) ? type : "other").Inc();

    public void ErrorSent(string code) => _errors.WithLabels(code).Inc();

    public void BroadcastStarted() => _broadcastsStarted.Inc();

    public void BroadcastEnded(string reason) => _broadcastsEnded.WithLabels(reason).Inc();

    public void Decided(string decision) => _decisions.WithLabels(decision).Inc();

    public void SfuRequest(string protocol, string method, int status) =>
        _sfuRequests.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture), method, protocol).Inc();

    public void Relayed(TimeSpan latency) => _relayLatency.Observe(Math.Max(0, latency.TotalSeconds));

    private Gauge.Child Count(PeerRole role) => role == PeerRole.Broadcaster ? _broadcasters : _viewers;
}
