namespace Airwave.Events.Delivery;

public enum DeliveryStatus
{
    Delivered,

    /// <summary>Worth trying again: 5xx, 429, other 4xx, timeouts, refused connections.</summary>
    Failed,

    /// <summary>410: the receiver says the endpoint is gone for good.</summary>
    Gone,
}
