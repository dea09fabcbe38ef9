namespace Airwave.Events.Delivery;

/// <summary>What a receiver made of one request.</summary>
/// <param name="Reason">For failures: the HTTP status code, <c>timeout</c> or <c>connection</c>.</param>
/// <param name="RetryAfter">The receiver's Retry-After, when it sent one.</param>
public sealed record DeliveryOutcome(DeliveryStatus Status, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Delivered { get; } = new(DeliveryStatus.Delivered);
}
