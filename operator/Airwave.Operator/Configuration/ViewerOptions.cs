namespace Airwave.Operator.Configuration;

/// <summary>
/// Where the operator counts each LiveStream's viewers (status.viewers): the webhook service's replicas, found through
/// their Service's EndpointSlices, each asked at its management port for the views open on it.
/// </summary>
public sealed record ViewerOptions
{
    /// <summary>The webhook service's Service; unset, viewers are not counted and status.viewers stays unset.</summary>
    public string? WebhookService { get; init; }

    /// <summary>The Service's namespace (the chart's release namespace).</summary>
    public string? WebhookNamespace { get; init; }

    /// <summary>The replicas' management port, where they serve the views open on them.</summary>
    public int WebhookManagementPort { get; init; } = 9090;

    /// <summary>How often viewers are counted; a stream's status changes only when its count does.</summary>
    public TimeSpan CountInterval { get; init; } = TimeSpan.FromSeconds(10);
}
