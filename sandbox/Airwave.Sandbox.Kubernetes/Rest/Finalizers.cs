namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The finalizers the garbage collector owns, named as in metav1.</summary>
internal static class Finalizers
{
    public const string ForegroundDeletion = "foregroundDeletion";
    public const string Orphan = "orphan";
}
