using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record WebRtcSource
{
    [Description("Viewers the SFU pods are sized for.")]
    [Range(1, 100000)]
    [DefaultValue(500)]
    public int MaxViewers { get; init; } = 500;
}
