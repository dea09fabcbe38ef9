using System.ComponentModel;

namespace Airwave.Api.LiveStreams;

[Description("How many players watch the stream, as they report their views to the webhook service (Airwave's player, or any player that sends view beacons); counted every few seconds across the service's replicas.")]
public sealed record ViewersStatus
{
    [Description("Views open now.")]
    public int Current { get; init; }

    [Description("The most views open at once since the stream last started.")]
    public int Peak { get; init; }

    [Description("When the peak was reached.")]
    public DateTimeOffset? PeakTime { get; init; }
}
