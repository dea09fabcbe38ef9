using System.ComponentModel;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.ArchiveSplits;

[Description("The observed state of an ArchiveSplit, written by the operator.")]
public sealed record ArchiveSplitStatus : ResourceStatus
{
    public SplitPhase? Phase { get; init; }

    [Description("Progress of each section, by index.")]
    [ListMapKeys("index")]
    public IReadOnlyList<SectionStatus> Sections { get; init; } = [];
}
