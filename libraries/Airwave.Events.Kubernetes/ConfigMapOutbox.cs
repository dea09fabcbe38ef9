using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Airwave.Events.CloudEvents;
using Airwave.Events.Outbox;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using k8s;
using k8s.Models;

namespace Airwave.Events.Kubernetes;

/// <summary>
/// Undelivered events, kept in the Kubernetes API as ConfigMaps <c>airwave-outbox-&lt;n&gt;</c> so that they
/// survive restarts and leader changes. Every change is a read-modify-write guarded by resourceVersion: a
/// replica that lost a race re-reads and applies its change again, so concurrent writers never lose entries.
/// A resource's events always land in the same ConfigMap, where their sequence numbers keep publish order.
/// </summary>
public sealed class ConfigMapOutbox : IEventOutbox
{
    public const string NamePrefix = "airwave-outbox-";

    private const string SequenceKey = "next-sequence";
    private const int MaxWriteAttempts = 30;

    private readonly KubernetesClient _client;
    private readonly string _namespace;
    private readonly TimeProvider _time;
    private readonly Shard[] _shards;

    public ConfigMapOutbox(KubernetesClient client, string @namespace, int shards, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _client = client;
        _namespace = @namespace;
        _time = time;
        _shards = [.. Enumerable.Range(0, shards).Select(i => new Shard(NamePrefix + i.ToString(CultureInfo.InvariantCulture)))];
    }

    /// <summary>Stores the event for the given sinks; false when an event with its id is already stored.</summary>
    /// <param name="partitionKey">Events with the same key (a resource's uid) are delivered in publish order.</param>
    public Task<bool> AppendAsync(string partitionKey, CloudEvent cloudEvent, IReadOnlyList<string> sinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var published = _time.GetUtcNow();
        return MutateAsync(ShardOf(partitionKey), data =>
        {
            if (data.ContainsKey(cloudEvent.Id))
            {
                return false;
            }

            var sequence = data.TryGetValue(SequenceKey, out var next) ? long.Parse(next, CultureInfo.InvariantCulture) : 0;
            data[cloudEvent.Id] = JsonSerializer.Serialize(new OutboxEntry(sequence, published, sinks, cloudEvent), OutboxEntry.JsonType);
            data[SequenceKey] = (sequence + 1).ToString(CultureInfo.InvariantCulture);
            return true;
        }, cancellationToken);
    }

    /// <summary>Reads every ConfigMap afresh; each shard's events in sequence order.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<PendingEvent>>> ReadAsync(CancellationToken cancellationToken)
    {
        var result = new List<IReadOnlyList<PendingEvent>>(_shards.Length);
        for (var index = 0; index < _shards.Length; index++)
        {
            var shard = _shards[index];
            await shard.Lock.WaitAsync(cancellationToken);
            try
            {
                shard.Current = await ReadAsync(shard.Name, cancellationToken);
                var data = shard.Current?.Data ?? new Dictionary<string, string>();
                result.Add([.. data.Where(kv => kv.Key != SequenceKey)
                    .Select(kv => new PendingEvent(index, kv.Key, Parse(kv.Value)))
                    .OrderBy(e => e.Entry.Sequence)]);
            }
            finally
            {
                shard.Lock.Release();
            }
        }

        return result;
    }

    public async Task MarkDeliveredAsync(string sink, IReadOnlyCollection<PendingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var group in events.GroupBy(e => e.Shard))
        {
            var ids = group.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            await MutateAsync(group.Key, data => RemoveSinks(data, ids.Contains, s => s == sink), cancellationToken);
        }
    }

    public async Task<PruneResult> PruneAsync(Func<string, bool> isActiveSink, int maxPending, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isActiveSink);
        for (var index = 0; index < _shards.Length; index++)
        {
            await MutateAsync(index, data => RemoveSinks(data, _ => true, s => !isActiveSink(s)), cancellationToken);
        }

        var pending = (await ReadAsync(cancellationToken)).SelectMany(s => s).ToList();
        var cutoff = _time.GetUtcNow() - maxAge;
        var droppable = pending.Where(e => e.Entry.Published < cutoff)
            .OrderBy(e => e.Entry.Published)
            .Take(Math.Max(0, pending.Count - maxPending))
            .ToList();
        foreach (var group in droppable.GroupBy(e => e.Shard))
        {
            var ids = group.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            await MutateAsync(group.Key, data => ids.Aggregate(false, (removed, id) => data.Remove(id) | removed), cancellationToken);
        }

        return new PruneResult(pending.Count - droppable.Count, droppable.Count);
    }

    private static bool RemoveSinks(Dictionary<string, string> data, Func<string, bool> isSelected, Func<string, bool> isRemoved)
    {
        var changed = false;
        foreach (var (id, value) in data.Where(kv => kv.Key != SequenceKey && isSelected(kv.Key)).ToList())
        {
            var entry = Parse(value);
            if (!entry.Sinks.Any(isRemoved))
            {
                continue;
            }

            changed = true;
            var remaining = entry.Sinks.Where(s => !isRemoved(s)).ToList();
            if (remaining.Count == 0)
            {
                data.Remove(id);
            }
            else
            {
                data[id] = JsonSerializer.Serialize(entry with { Sinks = remaining }, OutboxEntry.JsonType);
            }
        }

        return changed;
    }

    private static OutboxEntry Parse(string value) =>
        JsonSerializer.Deserialize(value, OutboxEntry.JsonType) ?? throw new JsonException("empty outbox entry");

    private int ShardOf(string partitionKey)
    {
        // A stable hash: string.GetHashCode differs between processes, and every replica must pick the same shard.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(partitionKey));
        return (int)(BitConverter.ToUInt32(hash, 0) % (uint)_shards.Length);
    }

    /// <summary>Applies <paramref name="change"/> to the shard's data and writes it, again on a newer copy after a conflict.</summary>
    private async Task<bool> MutateAsync(int index, Func<Dictionary<string, string>, bool> change, CancellationToken cancellationToken)
    {
        var shard = _shards[index];
        await shard.Lock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = shard.Current ?? await ReadAsync(shard.Name, cancellationToken);
                var data = new Dictionary<string, string>(current?.Data ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                if (!change(data))
                {
                    shard.Current = current;
                    return false;
                }

                try
                {
                    shard.Current = current is null
                        ? await _client.Api.CoreV1.CreateNamespacedConfigMapAsync(NewConfigMap(shard.Name, data), _namespace, cancellationToken: cancellationToken)
                        : await ReplaceAsync(current, data, cancellationToken);
                    return true;
                }
                catch (KubernetesApiException e) when (e is ConflictException or AlreadyExistsException && attempt < MaxWriteAttempts)
                {
                    // Another replica (or a delete of the cached copy) got there first: start again from what is stored.
                    shard.Current = null;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), _time, cancellationToken);
                }
            }
        }
        catch
        {
            shard.Current = null;
            throw;
        }
        finally
        {
            shard.Lock.Release();
        }
    }

    private Task<V1ConfigMap?> ReadAsync(string name, CancellationToken cancellationToken) =>
        _client.Api.CoreV1.ReadNamespacedConfigMapAsync(name, _namespace, cancellationToken: cancellationToken).OrNull();

    /// <summary>Replaces the ConfigMap as read, on the condition that it is unchanged since (its resourceVersion).</summary>
    private Task<V1ConfigMap> ReplaceAsync(V1ConfigMap current, Dictionary<string, string> data, CancellationToken cancellationToken)
    {
        current.Data = data;
        return _client.Api.CoreV1.ReplaceNamespacedConfigMapAsync(current, current.Metadata.Name, _namespace, cancellationToken: cancellationToken);
    }

    private V1ConfigMap NewConfigMap(string name, Dictionary<string, string> data) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = _namespace,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/managed-by"] = "airwave",
                ["app.kubernetes.io/component"] = "downstream-outbox",
            },
        },
        Data = data,
    };

    private sealed class Shard(string name)
    {
        public string Name { get; } = name;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public V1ConfigMap? Current { get; set; }
    }
}
