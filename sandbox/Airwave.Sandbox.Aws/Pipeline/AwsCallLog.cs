using System.Collections.Concurrent;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>One call as the emulator received it: which operation, with which HTTP method, from whom and when.</summary>
/// <param name="UserAgent">The caller's User-Agent header, which tells apart several operator replicas.</param>
public sealed record AwsCall(string Operation, string Method, string? UserAgent, DateTimeOffset At)
{
    /// <summary>The request itself, when the log keeps requests (<see cref="AwsCallLog.KeepRequests"/>).</summary>
    public AwsRecordedRequest? Request { get; init; }

    /// <summary>
    /// Whether the call may change something: every method but GET and HEAD, except the reads that services whose
    /// every operation is a POST (IVS, CloudWatch) name Get, List or Describe.
    /// </summary>
    public bool IsWrite => Method is not ("GET" or "HEAD") && !NamesARead(Operation);

    private static bool NamesARead(string operation)
    {
        var name = operation[(operation.IndexOf('.', StringComparison.Ordinal) + 1)..];
        return name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal) || name.StartsWith("Describe", StringComparison.Ordinal);
    }
}

/// <summary>What was sent: the path with its query, the headers, and the body of a call to a media service (not S3's).</summary>
public sealed record AwsRecordedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Every call received (<c>MediaLive.CreateChannel</c>), faulted ones included, counted per operation and kept in order.</summary>
public sealed class AwsCallLog
{
    // A sandbox left running for days keeps its memory bounded; the counts go on counting.
    private const int KeptCalls = 100_000;

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AwsCall> _calls = new();

    public IReadOnlyDictionary<string, int> Counts => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    /// <summary>Whether calls keep their requests, for a test that checks them against the AWS models; off, as it costs memory.</summary>
    public bool KeepRequests { get; set; }

    /// <summary>The newest calls (up to 100,000) in the order they arrived.</summary>
    public IReadOnlyList<AwsCall> Calls => [.. _calls];

    internal void Record(AwsCall call)
    {
        _counts.AddOrUpdate(call.Operation, 1, (_, count) => count + 1);
        _calls.Enqueue(call);
        while (_calls.Count > KeptCalls && _calls.TryDequeue(out _))
        {
        }
    }
}
