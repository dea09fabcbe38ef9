using System.Text.Json.Serialization;

namespace Airwave.Kubernetes.Configuration;

public sealed record KubeconfigCluster
{
    public required string Server { get; init; }

    /// <summary>Path to a PEM file of CA certificates.</summary>
    [JsonPropertyName("certificate-authority")]
    public string? CertificateAuthority { get; init; }

    /// <summary>Base64 of PEM CA certificates; wins over <see cref="CertificateAuthority"/>.</summary>
    [JsonPropertyName("certificate-authority-data")]
    public string? CertificateAuthorityData { get; init; }

    [JsonPropertyName("insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; init; }

    [JsonPropertyName("tls-server-name")]
    public string? TlsServerName { get; init; }
}
