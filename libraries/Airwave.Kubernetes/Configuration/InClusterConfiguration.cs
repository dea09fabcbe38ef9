using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Kubernetes.Configuration;

/// <summary>The configuration a pod gets from its service account and the KUBERNETES_SERVICE_* variables.</summary>
public static class InClusterConfiguration
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsInCluster() =>
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 }
        && File.Exists(Path.Combine(ServiceAccountDirectory, "token"));

    /// <param name="serviceAccountDirectory">Where token, ca.crt and namespace are mounted.</param>
    /// <param name="environment">Reads environment variables; the process environment by default.</param>
    public static KubernetesClientConfiguration Load(
        string serviceAccountDirectory = ServiceAccountDirectory,
        Func<string, string?>? environment = null,
        TimeProvider? timeProvider = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        }

        if (IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = $"[{host}]";
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(Path.Combine(serviceAccountDirectory, "ca.crt"));
        var namespaceFile = Path.Combine(serviceAccountDirectory, "namespace");

        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{host}:{port}"),
            CertificateAuthorities = authorities,
            Credentials = new FileTokenSource(Path.Combine(serviceAccountDirectory, "token"), timeProvider),
            Namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "default",
        };
    }
}
