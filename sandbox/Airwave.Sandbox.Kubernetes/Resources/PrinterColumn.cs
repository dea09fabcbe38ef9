namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>A column of `kubectl get` output, as a CRD's additionalPrinterColumns declare it.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority, string? Format);
