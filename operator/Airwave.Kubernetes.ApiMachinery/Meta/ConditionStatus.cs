namespace Airwave.Kubernetes.ApiMachinery.Meta;

public enum ConditionStatus
{
    Unknown,
    True,
    False,
}
