namespace Airwave.Kubernetes.ApiMachinery.Crds;

/// <summary>A column `kubectl get` shows for the resource (additionalPrinterColumns).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    public string Name { get; } = name;

    /// <summary>One of string, integer, number, boolean, date.</summary>
    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;
    public string? Description { get; init; }

    /// <summary>0 shows in the default view, 1 and above only with `-o wide`.</summary>
    public int Priority { get; init; }
}
