using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Airwave.Kubernetes.Metrics;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>
/// Adds up one counter of one metrics instance (tests run in parallel, each with its own), in all and by the value
/// of one tag: airwave_informer_watch_restarts_total by reason, for one.
/// </summary>
internal sealed class CounterByTag : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byTag = new();
    private long _total;

    public CounterByTag(KubernetesMetrics metrics, string instrument, string tag)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter == metrics.Meter && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Interlocked.Add(ref _total, value);
            foreach (var pair in tags)
            {
                if (pair.Key == tag && pair.Value is string tagValue)
                {
                    _byTag.AddOrUpdate(tagValue, value, (_, n) => n + value);
                }
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public long Count(string tagValue) => _byTag.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
