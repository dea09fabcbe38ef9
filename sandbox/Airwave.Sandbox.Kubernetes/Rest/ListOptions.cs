using Airwave.Sandbox.Kubernetes.Selectors;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <param name="ResourceVersion">"0" asks for any version, which the API server answers from its watch cache, whole.</param>
internal sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, int? Limit, string? Continue, string? ResourceVersion = null)
{
    public static ListOptions Everything { get; } = new(LabelSelector.Everything, FieldSelector.Everything, null, null);
}
