using System.Collections.Concurrent;
using Airwave.Api.LiveStreams;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Something the operator remembers about each stream from one reconcile to the next, so that it need not ask AWS
/// again. Kept in memory only: a restarted operator (or a new leader) begins by asking.
/// </summary>
public abstract class StreamMemory<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);

    public T? Find(LiveStream stream) => _entries.GetValueOrDefault(Key(stream));

    public void Record(LiveStream stream, T entry) => _entries[Key(stream)] = entry;

    /// <summary>The stream's entry, recorded first when it has none.</summary>
    public T FindOrRecord(LiveStream stream, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return _entries.GetOrAdd(Key(stream), _ => create());
    }

    public void Forget(LiveStream stream) => _entries.TryRemove(Key(stream), out _);

    private static string Key(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Metadata.Uid ?? $"{stream.Metadata.Namespace}/{stream.Metadata.Name}";
    }
}
