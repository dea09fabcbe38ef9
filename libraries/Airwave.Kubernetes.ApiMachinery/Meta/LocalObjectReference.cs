using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>A reference to another object in the same namespace.</summary>
public sealed record LocalObjectReference
{
    [Description("Name of the referenced object in the same namespace.")]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(DnsNames.Subdomain)]
    public required string Name { get; init; }
}
