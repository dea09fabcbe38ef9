namespace Airwave.Kubernetes.Configuration;

/// <summary>A credential plugin such as <c>aws eks get-token</c>: a command that prints an ExecCredential.</summary>
public sealed record ExecConfig
{
    public required string Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public IReadOnlyList<ExecEnvVar>? Env { get; init; }
    public string ApiVersion { get; init; } = "client.authentication.k8s.io/v1beta1";
    public string? InstallHint { get; init; }
}
