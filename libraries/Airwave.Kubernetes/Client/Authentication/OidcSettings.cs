using System.Security.Cryptography.X509Certificates;
using k8s.Exceptions;

namespace Airwave.Kubernetes.Client.Authentication;

/// <summary>A kubeconfig user's <c>auth-provider: {name: oidc, config: ...}</c>, with kubectl's keys.</summary>
public sealed record OidcSettings(string IssuerUrl, string ClientId, string? ClientSecret, string? IdToken, string? RefreshToken, X509Certificate2Collection? IssuerAuthority)
{
    /// <summary>Reads the provider's <paramref name="config"/>; a relative CA file is taken from <paramref name="directory"/> (the kubeconfig's).</summary>
    public static OidcSettings From(IDictionary<string, string> config, string? directory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var issuer = Value(config, "idp-issuer-url") ?? throw new KubeConfigException("the kubeconfig's oidc auth-provider has no idp-issuer-url");
        var clientId = Value(config, "client-id") ?? throw new KubeConfigException("the kubeconfig's oidc auth-provider has no client-id");
        return new OidcSettings(issuer, clientId, Value(config, "client-secret"), Value(config, "id-token"), Value(config, "refresh-token"), Authority(config, directory));
    }

    // The secrets stay out of logs and exception messages that print the settings.
    public override string ToString() => $"OidcSettings {{ IssuerUrl = {IssuerUrl}, ClientId = {ClientId} }}";

    private static string? Value(IDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static X509Certificate2Collection? Authority(IDictionary<string, string> config, string? directory)
    {
        var pem = Value(config, "idp-certificate-authority-data") is { } data
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data))
            : Value(config, "idp-certificate-authority") is { } file ? File.ReadAllText(Path.Combine(directory ?? "", file))
            : null;
        if (pem is null)
        {
            return null;
        }

        var authority = new X509Certificate2Collection();
        authority.ImportFromPem(pem);
        return authority;
    }
}
