namespace Airwave.Aws.Http;

/// <summary>Jittered exponential backoff for throttling and 5xx responses.</summary>
public sealed record AwsRetryOptions
{
    public int MaxRetries { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);
}
