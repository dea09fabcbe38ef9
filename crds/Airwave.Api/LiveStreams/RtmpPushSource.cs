using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.LiveStreams;

public sealed record RtmpPushSource
{
    [Description("IPv4 CIDR blocks allowed to push to the input (its input security group). When omitted, the operator's default applies: its defaultAllowedCidrs setting, 0.0.0.0/0 (any address) unless the installation changed it.")]
    [MinItems(1)]
    [MaxItems(10)]
    [RegularExpression(Patterns.Ipv4Cidr)]
    public IReadOnlyList<string>? AllowedCidrs { get; init; }
}
