namespace Airwave.Sandbox.Kubernetes.Faults;

/// <summary>Requests matching <see cref="When"/> fail with <see cref="StatusCode"/>; Remaining null means until removed.</summary>
internal sealed class FailureRule(Func<FaultRequest, bool> when, int statusCode, int? remaining, TimeSpan? retryAfter)
{
    public Func<FaultRequest, bool> When { get; } = when;

    public int StatusCode { get; } = statusCode;

    public int? Remaining { get; set; } = remaining;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
