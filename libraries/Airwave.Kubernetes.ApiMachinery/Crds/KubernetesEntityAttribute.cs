namespace Airwave.Kubernetes.ApiMachinery.Crds;

/// <summary>Declares the API identity of a custom resource type: what its CRD serves.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KubernetesEntityAttribute(string group, string version, string kind, string plural) : Attribute
{
    public string Group { get; } = group;
    public string Version { get; } = version;
    public string Kind { get; } = kind;
    public string Plural { get; } = plural;
    public string[] ShortNames { get; init; } = [];
    public string[] Categories { get; init; } = [];

    public string ApiVersion => $"{Group}/{Version}";
    public string Singular => Kind.ToLowerInvariant();
}
