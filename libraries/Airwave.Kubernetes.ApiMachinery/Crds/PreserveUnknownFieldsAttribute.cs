namespace Airwave.Kubernetes.ApiMachinery.Crds;

/// <summary>Keeps fields the schema does not declare (x-kubernetes-preserve-unknown-fields) instead of pruning them.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
