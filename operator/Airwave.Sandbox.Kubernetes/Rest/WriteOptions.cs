namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>Query parameters shared by create, update and patch.</summary>
internal sealed record WriteOptions(bool DryRun, FieldValidation FieldValidation, string? FieldManager, bool Force)
{
    public static WriteOptions Default { get; } = new(false, FieldValidation.Warn, null, false);
}
