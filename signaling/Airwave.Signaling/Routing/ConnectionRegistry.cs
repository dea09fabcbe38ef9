using System.Collections.Concurrent;
using Airwave.Signaling.Connections;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;

namespace Airwave.Signaling.Routing;

/// <summary>The targets this replica's connections answer for.</summary>
public sealed class ConnectionRegistry(SignalingMetrics metrics, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Target, Connection> _owners = new();
    private readonly ConcurrentDictionary<Target, ConcurrentDictionary<Connection, byte>> _watchers = new();

    /// <summary>Makes <paramref name="connection"/> the one that gets the target's frames (a reconnected page takes over from its old connection).</summary>
    public void Own(Target target, Connection connection)
    {
        if (target.Kind == TargetKind.Presence)
        {
            _watchers.GetOrAdd(target, _ => new()).TryAdd(connection, 0);
        }
        else
        {
            _owners[target] = connection;
        }
    }

    /// <summary>Stops <paramref name="connection"/> getting the target's frames, if it still does.</summary>
    public void Release(Target target, Connection connection)
    {
        if (target.Kind == TargetKind.Presence)
        {
            if (_watchers.TryGetValue(target, out var watchers))
            {
                watchers.TryRemove(connection, out _);
            }
        }
        else
        {
            _owners.TryRemove(new KeyValuePair<Target, Connection>(target, connection));
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
