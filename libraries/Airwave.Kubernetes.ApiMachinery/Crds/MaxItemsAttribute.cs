namespace Airwave.Kubernetes.ApiMachinery.Crds;

/// <summary>
/// The most items a list may hold (the schema's maxItems). DataAnnotations' MaxLength would say the same but reads
/// its value's Count by reflection, which an ahead-of-time compiled operator cannot keep.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}
