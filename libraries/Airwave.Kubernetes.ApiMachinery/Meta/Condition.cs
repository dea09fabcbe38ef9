using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>metav1.Condition, with the same validation the upstream type declares.</summary>
[Description("Condition contains details for one aspect of the current state of this resource.")]
public sealed record Condition
{
    [Description("Type of condition in CamelCase, for example Ready.")]
    [StringLength(316)]
    [RegularExpression(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")]
    public required string Type { get; init; }

    [Description("Status of the condition: True, False or Unknown.")]
    public required ConditionStatus Status { get; init; }

    [Description("The .metadata.generation the condition was set from.")]
    [Range(0, long.MaxValue)]
    public long? ObservedGeneration { get; init; }

    [Description("Last time the condition changed from one status to another.")]
    public required DateTimeOffset LastTransitionTime { get; init; }

    [Description("A programmatic identifier in CamelCase for the reason of the last transition.")]
    [StringLength(1024, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    public required string Reason { get; init; }

    [Description("A human readable message with details about the transition.")]
    [StringLength(32768)]
    public required string Message { get; init; }
}
