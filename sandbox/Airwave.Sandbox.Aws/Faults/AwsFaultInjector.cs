namespace Airwave.Sandbox.Aws.Faults;

/// <summary>
/// Makes the next calls fail or slow down, for all services or only one service or operation
/// (operation names as in the AWS API reference, e.g. <c>CreateChannel</c>): before the operation (throttled,
/// server error) or after it took effect (the response lost). Reachable over HTTP too, see <see cref="FaultAdminEndpoints"/>.
/// </summary>
public sealed class AwsFaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<PendingFault> _faults = [];
    private readonly List<Latency> _latencies = [];

    /// <summary>The next <paramref name="count"/> matching calls are throttled.</summary>
    public void ThrottleNext(int count, AwsServiceKind? service = null, string? operation = null) => Add(AwsFaultKind.Throttle, count, service, operation);

    /// <summary>The next <paramref name="count"/> matching calls fail with a 5xx error.</summary>
    public void FailNext(int count, AwsServiceKind? service = null, string? operation = null) => Add(AwsFaultKind.ServerError, count, service, operation);

    /// <summary>The next <paramref name="count"/> matching calls take effect, and then their connection is dropped before the response.</summary>
    public void LoseResponseOfNext(int count, AwsServiceKind? service = null, string? operation = null) => Add(AwsFaultKind.LoseResponse, count, service, operation);

    /// <summary>The next <paramref name="count"/> matching calls are refused as invalid (a 4xx validation error with a message).</summary>
    public void RejectNext(int count, AwsServiceKind? service = null, string? operation = null) => Add(AwsFaultKind.Reject, count, service, operation);

    /// <summary>The faults still pending and the latencies in force.</summary>
    public AwsFaultState Current()
    {
        lock (_lock)
        {
            return new AwsFaultState(
                [.. _faults.Select(f => new PendingAwsFault(f.Kind, f.Service, f.Operation, f.Remaining))],
                [.. _latencies.Select(l => new AwsLatency(l.Delay, l.Service, l.Operation))]);
        }
    }

    /// <summary>Every matching call waits <paramref name="delay"/> before it is served, until <see cref="Reset"/>.</summary>
    public void AddLatency(TimeSpan delay, AwsServiceKind? service = null, string? operation = null)
    {
        lock (_lock)
        {
            _latencies.Add(new Latency(delay, service, operation));
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _faults.Clear();
            _latencies.Clear();
        }
    }

    internal (AwsFaultKind? Fault, TimeSpan Delay) Take(AwsServiceKind service, string operation)
    {
        lock (_lock)
        {
            var delay = _latencies.Where(l => Matches(l.Service, l.Operation, service, operation)).Aggregate(TimeSpan.Zero, (sum, l) => sum + l.Delay);
            var fault = _faults.FirstOrDefault(f => Matches(f.Service, f.Operation, service, operation));
            if (fault is null)
            {
                return (null, delay);
            }
            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }
            return (fault.Kind, delay);
        }
    }

    /// <summary>The next <paramref name="count"/> matching calls meet a fault of this kind.</summary>
    public void Add(AwsFaultKind kind, int count, AwsServiceKind? service = null, string? operation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _faults.Add(new PendingFault(kind, service, operation) { Remaining = count });
        }
    }

    private static bool Matches(AwsServiceKind? wantedService, string? wantedOperation, AwsServiceKind service, string operation) =>
        (wantedService is null || wantedService == service) && (wantedOperation is null || wantedOperation == operation);

    private sealed record PendingFault(AwsFaultKind Kind, AwsServiceKind? Service, string? Operation)
    {
        public int Remaining { get; set; }
    }

    private sealed record Latency(TimeSpan Delay, AwsServiceKind? Service, string? Operation);
}
