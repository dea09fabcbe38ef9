using System.Text.Json.Serialization;

namespace Airwave.Kubernetes.Configuration;

/// <summary>A kubeconfig user (AuthInfo): client certificate, token, token file or exec plugin.</summary>
public sealed record KubeconfigUser
{
    [JsonPropertyName("client-certificate")]
    public string? ClientCertificate { get; init; }

    [JsonPropertyName("client-certificate-data")]
    public string? ClientCertificateData { get; init; }

    [JsonPropertyName("client-key")]
    public string? ClientKey { get; init; }

    [JsonPropertyName("client-key-data")]
    public string? ClientKeyData { get; init; }

    public string? Token { get; init; }
    public string? TokenFile { get; init; }
    public ExecConfig? Exec { get; init; }
}
