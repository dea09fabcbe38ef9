using Airwave.Sandbox.Kubernetes.Authentication;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>
/// Query parameters shared by create, update and patch, and the writer's name from its User-Agent, which
/// names the field manager of ordinary writes that give no fieldManager (as the apiserver does).
/// </summary>
internal sealed record WriteOptions(bool DryRun, FieldValidation FieldValidation, string? FieldManager, bool Force, string ClientName)
{
    /// <summary>The sandbox's own controllers (garbage collector, namespace lifecycle).</summary>
    public static WriteOptions Default { get; } = new(false, FieldValidation.Warn, null, false, "kube-controller-manager");

    public string UpdateManager => FieldManager ?? ClientName;

    /// <summary>Who writes, as admission sees it; null for the sandbox's own controllers.</summary>
    public UserInfo? User { get; init; }
}
