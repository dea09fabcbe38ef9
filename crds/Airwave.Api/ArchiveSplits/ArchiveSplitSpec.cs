using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.ArchiveSplits;

[Description("The desired state of an ArchiveSplit.")]
public sealed record ArchiveSplitSpec
{
    [Description("The LiveStream whose recording is cut.")]
    public required LocalObjectReference StreamRef { get; init; }

    [Description("Which recording session of the stream (an id from the stream's status.sessions).")]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9-]+$")]
    public required string SessionId { get; init; }

    [Description("Part of the clip names (index_{nameModifier}_{n}.mp4); when omitted, one derived from the ArchiveSplit's uid, shown in status.nameModifier.")]
    [StringLength(63)]
    [RegularExpression("^[A-Za-z0-9_-]+$")]
    public string? NameModifier { get; init; }

    [Description("The clips to cut, in seconds from the session's start.")]
    [MinItems(1)]
    [MaxItems(100)]
    public required IReadOnlyList<ArchiveSection> Sections { get; init; }

    [Description("Where the clips go; the path mirrors the archive's.")]
    public SplitOutput Output { get; init; } = new();

    [Description("Make a VideoAsset of each clip once it is cut: {name}-{n}, with public playback, owned by this ArchiveSplit (deleted with it, and with them their provider assets).")]
    [DefaultValue(false)]
    public bool CreateAssets { get; init; }
}
