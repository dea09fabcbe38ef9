using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.VideoAssets;

public sealed record ArchiveSplitReference
{
    [Description("The ArchiveSplit in the same namespace.")]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(DnsNames.Subdomain)]
    public required string Name { get; init; }

    [Description("Index of the section in the ArchiveSplit's spec.sections.")]
    [Range(0, 99)]
    [DefaultValue(0)]
    public int Section { get; init; }
}
