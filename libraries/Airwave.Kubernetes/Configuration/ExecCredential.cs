namespace Airwave.Kubernetes.Configuration;

/// <summary>What a credential plugin prints on stdout (client.authentication.k8s.io ExecCredential).</summary>
public sealed record ExecCredential
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ExecCredentialStatus? Status { get; init; }
}
