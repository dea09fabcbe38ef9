namespace Airwave.Kubernetes.ApiMachinery.Meta;

public enum ConditionStatus
{
    True,
    False,
    Unknown,
}
