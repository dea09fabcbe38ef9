namespace Airwave.Webhook.Views;

/// <summary>How the webhook service takes players' view reports (section <c>Webhook:Views</c>).</summary>
public sealed record ViewSettings
{
    /// <summary>A view whose player sent nothing for this long ends by itself (its analytics say <c>timed_out</c>).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often players are asked to send a heartbeat while a view is open; well under <see cref="IdleTimeout"/>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Views open at once on one replica; more are refused with 503 until some end.</summary>
    public int MaxOpenViews { get; init; } = 20_000;

    /// <summary>Larger beacons (events or CMCD reports) are refused with 413.</summary>
    public int MaxBeaconBytes { get; init; } = 16 * 1024;

    /// <summary>Events one beacon may carry; a player batches a few seconds of them.</summary>
    public int MaxEventsPerBeacon { get; init; } = 100;

    /// <summary>Beacons one view may send per second; more are refused with 429.</summary>
    public int BeaconsPerViewPerSecond { get; init; } = 5;

    /// <summary>Views one client address may open per minute; more are refused with 429.</summary>
    public int OpensPerAddressPerMinute { get; init; } = 120;

    /// <summary>
    /// Pages (their origin, such as https://www.example.com, as browsers send it in the Origin header) that may report
    /// views of external stream URLs, which Airwave does not serve. Empty: such views are refused (403).
    /// </summary>
    public IReadOnlyList<string> ExternalOrigins { get; init; } = [];

    /// <summary>
    /// Networks (CIDR) of the proxies in front of the service, such as your Ingress controller's pods: a connection
    /// from one of them says the viewer's address in X-Forwarded-For. Anyone else's claim is ignored.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>
    /// Whether viewers' addresses are truncated before they leave the service (in events): IPv4 to its /24, IPv6 to
    /// its /48, so a view is placed without naming the household.
    /// </summary>
    public bool TruncateAddresses { get; init; }

    /// <summary>Label sets of <c>airwave_viewers</c> (one per stream or video with viewers); past it, views count under name <c>_other</c>.</summary>
    public int MaxViewerSeries { get; init; } = 1000;
}
