using System.Collections.Concurrent;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;

namespace Airwave.Signaling.Routing;

/// <summary>The targets this replica's connections answer for.</summary>
public sealed class ConnectionRegistry(SignalingMetrics metrics, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Target, IPeer> _owners = new();
    private readonly ConcurrentDictionary<Target, ConcurrentDictionary<IPeer, byte>> _watchers = new();

    /// <summary>Makes <paramref name="peer"/> the one that gets the target's frames (a reconnected page takes over from its old connection).</summary>
    public void Own(Target target, IPeer peer)
    {
        if (target.Kind == TargetKind.Presence)
        {
            _watchers.GetOrAdd(target, _ => new()).TryAdd(peer, 0);
        }
        else
        {
            _owners[target] = peer;
        }
    }

    /// <summary>Stops <paramref name="peer"/> getting the target's frames, if it still does.</summary>
    public void Release(Target target, IPeer peer)
    {
        if (target.Kind == TargetKind.Presence)
        {
            if (_watchers.TryGetValue(target, out var watchers))
            {
                watchers.TryRemove(peer, out _);
            }
        }
        else
        {
            _owners.TryRemove(new KeyValuePair<Target, IPeer>(target, peer));
        }
    }

    public bool IsHere(Target target) => target.Kind == TargetKind.Presence ? _watchers.TryGetValue(target, out var w) && !w.IsEmpty : _owners.ContainsKey(target);

    /// <summary>Hands the frame to the target's connections on this replica; false when there are none.</summary>
    public bool Deliver(Target target, ServerMessage message)
    {
        if (target.Kind == TargetKind.Presence)
        {
            if (!_watchers.TryGetValue(target, out var watchers) || watchers.IsEmpty)
            {
                return false;
            }

            foreach (var watcher in watchers.Keys)
            {
                watcher.Send(message);
            }

            return true;
        }

        if (!_owners.TryGetValue(target, out var owner))
        {
            return false;
        }

        owner.Send(message);
        if (message.ReceivedAt is { } received)
        {
            metrics.Relayed(clock.GetUtcNow() - received);
        }

        return true;
    }
}
