using Prometheus;

namespace Airwave.Webhook.Views;

/// <summary>
/// What viewers experience, per replica: views opened, open now (per stream or video, in a bounded number of series),
/// startup times and rebuffer ratios of ended views.
/// </summary>
public sealed class ViewMetrics
{
    public const string OtherName = "_other";

    private static readonly double[] StartupBuckets = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20];
    private static readonly double[] RatioBuckets = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

    private readonly Counter _views;
    private readonly Gauge _open;
    private readonly Gauge _viewers;
    private readonly Histogram _startup;
    private readonly Histogram _rebufferRatio;
    private readonly int _maxSeries;
    private readonly Dictionary<(string Namespace, string Name), int> _openPerTarget = [];
    private readonly Lock _lock = new();

    public ViewMetrics(IMetricFactory metrics, ViewSettings settings)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(settings);
        _maxSeries = settings.MaxViewerSeries;
        _views = metrics.CreateCounter("airwave_views_total", "Views opened, by what they watch (LiveStream, VideoAsset, External) and its namespace.", ["kind", "namespace"]);
        _open = metrics.CreateGauge("airwave_views_open", "Views open on this replica.");
        _viewers = metrics.CreateGauge("airwave_viewers", $"Views open on this replica per LiveStream or VideoAsset (past the series bound, under name {OtherName}).", ["namespace", "name"]);
        _startup = metrics.CreateHistogram(
            "airwave_view_startup_seconds",
            "Time from a view's first play to its first frame, by kind.",
            ["kind"],
            new HistogramConfiguration { Buckets = StartupBuckets });
        _rebufferRatio = metrics.CreateHistogram(
            "airwave_view_rebuffer_ratio",
            "Share of each ended view's watch time spent stalled, by kind.",
            ["kind"],
            new HistogramConfiguration { Buckets = RatioBuckets });
    }

    /// <summary>Counts a view opened; what it returns says which <c>airwave_viewers</c> series it is counted in until it ends.</summary>
    public ViewerSeries Opened(ViewTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _views.WithLabels(target.Kind, target.Subject.Namespace).Inc();
        _open.Inc();
        lock (_lock)
        {
            var key = (target.Subject.Namespace, target.Subject.Name);
            if (!_openPerTarget.ContainsKey(key) && _openPerTarget.Count >= _maxSeries)
            {
                key = (target.Subject.Namespace, OtherName);
            }

            _openPerTarget[key] = _openPerTarget.GetValueOrDefault(key) + 1;
            _viewers.WithLabels(key.Namespace, key.Name).Inc();
            return new ViewerSeries(key.Namespace, key.Name);
        }
    }

    public void Ended(ViewerSeries series, string kind, double? startupMs, double rebufferRatio, double viewSeconds)
    {
        ArgumentNullException.ThrowIfNull(series);
        _open.Dec();
        if (startupMs is { } startup)
        {
            _startup.WithLabels(kind).Observe(startup / 1000);
        }

        if (viewSeconds > 0)
        {
            _rebufferRatio.WithLabels(kind).Observe(rebufferRatio);
        }

        lock (_lock)
        {
            var key = (series.Namespace, series.Name);
            if (!_openPerTarget.TryGetValue(key, out var open))
            {
                return;
            }

            if (open <= 1)
            {
                // A series with no viewers goes, so the bound counts only streams being watched.
                _openPerTarget.Remove(key);
                _viewers.RemoveLabelled(key.Item1, key.Item2);
            }
            else
            {
                _openPerTarget[key] = open - 1;
                _viewers.WithLabels(key.Item1, key.Item2).Dec();
            }
        }
    }
}

/// <summary>The <c>airwave_viewers</c> series a view is counted in.</summary>
public sealed record ViewerSeries(string Namespace, string Name);
