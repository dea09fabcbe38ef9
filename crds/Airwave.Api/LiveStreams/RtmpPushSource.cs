using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;

namespace Airwave.Api.LiveStreams;

public sealed record RtmpPushSource
{
    [Description("IPv4 CIDR blocks allowed to push to the input (its input security group).")]
    [MinLength(1)]
    [MaxLength(10)]
    [RegularExpression(Patterns.Ipv4Cidr)]
    [DefaultValue(new[] { "0.0.0.0/0" })]
    public IReadOnlyList<string> AllowedCidrs { get; init; } = ["0.0.0.0/0"];
}
