using System.Threading.Channels;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Watch;

/// <summary>
/// A watcher's view of the store: the events it must see first (history replay or synthetic ADDED),
/// then every later matching event in commit order, with nothing lost or repeated in between.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<StoreEvent> _live = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Action<WatchSubscription> _unsubscribe;

    public WatchSubscription(WatchFilter filter, IReadOnlyList<StoreEvent> initial, long startVersion, Action<WatchSubscription> unsubscribe)
    {
        Filter = filter;
        Initial = initial;
        StartVersion = startVersion;
        _unsubscribe = unsubscribe;
    }

    public WatchFilter Filter { get; }

    public IReadOnlyList<StoreEvent> Initial { get; }

    /// <summary>The store's resourceVersion when the watch started (after the initial events).</summary>
    public long StartVersion { get; }

    public ChannelReader<StoreEvent> Events => _live.Reader;

    internal void Publish(StoreEvent change)
    {
        if (Filter.Translate(change) is { } visible)
        {
            _live.Writer.TryWrite(visible);
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _live.Writer.TryComplete();
    }
}
