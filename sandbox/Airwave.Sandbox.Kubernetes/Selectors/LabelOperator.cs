namespace Airwave.Sandbox.Kubernetes.Selectors;

internal enum LabelOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
