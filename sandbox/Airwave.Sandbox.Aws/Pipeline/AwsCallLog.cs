using System.Collections.Concurrent;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Counts calls per operation (<c>MediaLive.CreateChannel</c>), faulted ones included.</summary>
public sealed class AwsCallLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Counts => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    internal void Record(string operation) => _counts.AddOrUpdate(operation, 1, (_, count) => count + 1);
}
