using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Airwave.Kubernetes.Metrics;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>Counts airwave_informer_watch_restarts_total by reason on one metrics instance.</summary>
internal sealed class WatchRestartCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byReason = new();

    public WatchRestartCounter(KubernetesMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name == "airwave_informer_watch_restarts_total")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reason", Value: string reason })
                {
                    _byReason.AddOrUpdate(reason, value, (_, n) => n + value);
                }
            }
        });
        _listener.Start();
    }

    public long Count(string reason) => _byReason.GetValueOrDefault(reason);

    public void Dispose() => _listener.Dispose();
}
