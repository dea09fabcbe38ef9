namespace Airwave.Kubernetes.ApiMachinery.Crds;

/// <summary>
/// The fewest items a list may hold (the schema's minItems). DataAnnotations' MinLength would say the same but reads
/// its value's Count by reflection, which an ahead-of-time compiled operator cannot keep.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinItemsAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}
