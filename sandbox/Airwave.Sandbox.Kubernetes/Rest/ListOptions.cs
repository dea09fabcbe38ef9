using Airwave.Sandbox.Kubernetes.Selectors;

namespace Airwave.Sandbox.Kubernetes.Rest;

internal sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, int? Limit, string? Continue)
{
    public static ListOptions Everything { get; } = new(LabelSelector.Everything, FieldSelector.Everything, null, null);
}
