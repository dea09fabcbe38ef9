using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.Common;

/// <summary>What every Airwave status reports: which generation it reflects and its conditions.</summary>
public abstract record ResourceStatus
{
    [Description("The metadata.generation this status was computed from.")]
    [Range(0, long.MaxValue)]
    public long? ObservedGeneration { get; init; }

    [Description("Standard conditions; Ready summarises the others.")]
    [ListMapKeys("type")]
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
