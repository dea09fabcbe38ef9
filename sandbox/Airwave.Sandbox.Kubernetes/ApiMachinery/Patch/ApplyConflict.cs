namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// A field the applier would change that another manager owns. <see cref="Field"/> is printed as the API server
/// prints it (".spec.replicas", ".spec.containers[name=\"app\"].image"); <see cref="Manager"/> is the other
/// manager's name and <see cref="ManagerDescription"/> the way conflict messages name it
/// ("\"kubectl-client-side-apply\" using apps/v1 at 2026-11-21T17:00:00Z" for an Update manager).
/// </summary>
public sealed record ApplyConflict(string Manager, string ManagerDescription, string Field)
{
    /// <summary>The message of this conflict's FieldManagerConflict status cause.</summary>
    public string Message => $"conflict with {ManagerDescription}";
}
