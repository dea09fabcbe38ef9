using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Controllers;

/// <summary>
/// Brings the world in line with one object. Called with the latest cached state, never concurrently for the
/// same object. Throw to be retried with backoff; throw <see cref="TerminalReconcileException"/> when retrying
/// cannot help.
/// </summary>
public interface IReconciler<in T>
    where T : KubernetesObject
{
    Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken cancellationToken);
}
