using System.ComponentModel;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.ArchiveSplits;

[Description("The observed state of an ArchiveSplit, written by the operator.")]
public sealed record ArchiveSplitStatus : ResourceStatus
{
    public SplitPhase? Phase { get; init; }

    [Description("The name modifier the clips carry: spec.nameModifier, or the one generated for this ArchiveSplit.")]
    public string? NameModifier { get; init; }

    [Description("Where the session's recording is in S3, as the stream named it once the session ended: the sections are cut from there, also after the LiveStream is deleted.")]
    public string? ArchivePath { get; init; }

    [Description("Length of the session's recording in seconds, read from its segments.")]
    public double? RecordingSeconds { get; init; }

    [Description("Progress of each section, by index.")]
    [ListMapKeys("index")]
    public IReadOnlyList<SectionStatus> Sections { get; init; } = [];
}
