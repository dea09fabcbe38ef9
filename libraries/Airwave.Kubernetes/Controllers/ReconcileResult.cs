namespace Airwave.Kubernetes.Controllers;

/// <summary>What a successful reconcile asks for next.</summary>
/// <param name="RequeueAfter">Reconcile again after this long even if nothing changes (polling an external system).</param>
public sealed record ReconcileResult(TimeSpan? RequeueAfter = null)
{
    public static ReconcileResult Done { get; } = new();

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
