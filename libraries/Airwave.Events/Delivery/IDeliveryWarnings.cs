namespace Airwave.Events.Delivery;

/// <summary>
/// Where a host shows warnings about the outbox itself besides its logs and metrics (the operator: Kubernetes
/// Events). A host without one registers none.
/// </summary>
public interface IDeliveryWarnings
{
    /// <summary>More events wait than the bound allows.</summary>
    Task OverBoundAsync(int pending, int max, TimeSpan maxAge, CancellationToken cancellationToken);

    /// <summary>A sink answered 410 Gone and is disabled.</summary>
    Task SinkGoneAsync(string sink, CancellationToken cancellationToken);
}
