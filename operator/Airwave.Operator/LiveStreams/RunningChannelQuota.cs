using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// The limit of channels running at once in one namespace (its budget's, or maxRunningChannelsPerNamespace). A
/// stream holds a slot while its phase is Starting, Running or Stopping (MediaLive bills the channel), or from the
/// moment it is let start until the cache shows it so: several streams are reconciled at once, and two must not
/// take the last slot together.
/// </summary>
public sealed class RunningChannelQuota(OperatorOptions options, Informer<LiveStream> streams)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _starting = new(StringComparer.Ordinal);

    /// <summary>Lets the stream start if it holds a slot or one is free; otherwise says how many are taken, of what limit.</summary>
    public bool TryTake(LiveStream stream, out int taken, out ChannelLimit? limit)
    {
        ArgumentNullException.ThrowIfNull(stream);
        taken = 0;
        var ns = stream.Metadata.Namespace!;
        limit = options.ChannelLimitFor(ns);
        if (limit is null)
        {
            return true;
        }

        lock (_lock)
        {
            var starting = _starting.GetValueOrDefault(ns) ?? new HashSet<string>(StringComparer.Ordinal);
            var holders = streams.Cache.ListByNamespace(ns).Where(RunningChannels.Holds).Select(s => s.Metadata.Name!).ToHashSet(StringComparer.Ordinal);
            holders.UnionWith(starting);
            taken = holders.Count;
            if (holders.Contains(stream.Metadata.Name!))
            {
                return true;
            }

            if (taken >= limit.Channels)
            {
                return false;
            }

            starting.Add(stream.Metadata.Name!);
            _starting[ns] = starting;
            taken++;
            return true;
        }
    }

    /// <summary>The stream's channel is idle or gone: it no longer needs the slot it was let start with.</summary>
    public void Release(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_lock)
        {
            if (_starting.TryGetValue(stream.Metadata.Namespace!, out var starting) && starting.Remove(stream.Metadata.Name!) && starting.Count == 0)
            {
                _starting.Remove(stream.Metadata.Namespace!);
            }
        }
    }
}
