using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Kubernetes.Configuration;

/// <summary>Where the API server is and how to trust it and authenticate to it.</summary>
public sealed record KubernetesClientConfiguration
{
    // Set once the machine's trust store is being loaded in the background (see PreloadTrustStore).
    private static int s_trustStorePreloaded;

    public required Uri Server { get; init; }

    /// <summary>The namespace of the kubeconfig context, or the pod's own namespace in-cluster.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>CAs to trust for the server instead of the system store; null trusts the system store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }
    public IAccessTokenSource? Credentials { get; init; }
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name to expect in the server certificate when it differs from the server host.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>In-cluster configuration when running in a pod, otherwise the default kubeconfig.</summary>
    public static KubernetesClientConfiguration Default() =>
        InClusterConfiguration.IsInCluster() ? InClusterConfiguration.Load() : FromKubeconfig(KubeconfigLoader.LoadDefault());

    public static KubernetesClientConfiguration FromKubeconfig(Kubeconfig kubeconfig, string? contextName = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        var name = contextName ?? kubeconfig.CurrentContext
            ?? throw new InvalidOperationException("the kubeconfig has no current-context and no context was given");
        var context = kubeconfig.Contexts.FirstOrDefault(c => c.Name == name)?.Context
            ?? throw new InvalidOperationException($"context \"{name}\" is not in the kubeconfig");
        var cluster = kubeconfig.Clusters.FirstOrDefault(c => c.Name == context.Cluster)?.Cluster
            ?? throw new InvalidOperationException($"cluster \"{context.Cluster}\" of context \"{name}\" is not in the kubeconfig");
        var user = context.User is null ? null : kubeconfig.Users.FirstOrDefault(u => u.Name == context.User)?.User
            ?? throw new InvalidOperationException($"user \"{context.User}\" of context \"{name}\" is not in the kubeconfig");

        return new KubernetesClientConfiguration
        {
            Server = new Uri(cluster.Server),
            Namespace = string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
            CertificateAuthorities = LoadCertificateAuthorities(cluster),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            ClientCertificate = user is null ? null : LoadClientCertificate(user),
            Credentials = user is null ? null : CredentialsOf(user, timeProvider),
        };
    }

    /// <summary>A handler that trusts the configured CAs and presents the client certificate.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            // Re-resolve the server now and then; in-cluster the service IP is stable but kubeconfig hosts move.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        if (ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate];
        }

        if (TlsServerName is not null)
        {
            handler.SslOptions.TargetHost = TlsServerName;
        }

        if (InsecureSkipTlsVerify)
        {
            // The kubeconfig asked for it explicitly (a throwaway cluster); kubectl honours it the same way.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (CertificateAuthorities is { Count: > 0 } authorities)
        {
            // The server's chain must end at one of the configured CAs, and only those, as kubectl trusts
            // certificate-authority(-data); the host name is still checked.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(authorities);
            handler.SslOptions.CertificateChainPolicy = policy;

            PreloadTrustStore(policy, authorities[0]);
        }

        return handler;
    }

    /// <summary>
    /// Whatever the policy, building a chain on Linux first loads the machine's trust store, once per process: a fifth
    /// of a second in a new one. Loaded in the background when the first handler is made, it is ready by the first
    /// handshake instead of delaying the first request. A failure here only leaves the load to that handshake.
    /// </summary>
    private static void PreloadTrustStore(X509ChainPolicy policy, X509Certificate2 probe)
    {
        if (Interlocked.Exchange(ref s_trustStorePreloaded, 1) == 1)
        {
            return;
        }

        var probePolicy = policy.Clone();
        ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                try
                {
                    using var chain = new X509Chain { ChainPolicy = probePolicy };
                    chain.Build(probe);
                }
                catch (CryptographicException)
                {
                }
            },
            null);
    }

    private static X509Certificate2Collection? LoadCertificateAuthorities(KubeconfigCluster cluster)
    {
        var pem = cluster.CertificateAuthorityData is { Length: > 0 } data
            ? DecodeBase64(data, "certificate-authority-data")
            : cluster.CertificateAuthority is { Length: > 0 } file ? File.ReadAllText(file) : null;
        if (pem is null)
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(pem);
        return authorities;
    }

    private static X509Certificate2? LoadClientCertificate(KubeconfigUser user)
    {
        var certificate = user.ClientCertificateData is { Length: > 0 } certData
            ? DecodeBase64(certData, "client-certificate-data")
            : user.ClientCertificate is { Length: > 0 } certFile ? File.ReadAllText(certFile) : null;
        var key = user.ClientKeyData is { Length: > 0 } keyData
            ? DecodeBase64(keyData, "client-key-data")
            : user.ClientKey is { Length: > 0 } keyFile ? File.ReadAllText(keyFile) : null;
        return (certificate, key) switch
        {
            (null, null) => null,
            ({ } c, { } k) => X509Certificate2.CreateFromPem(c, k),
            _ => throw new InvalidOperationException("a client certificate needs both the certificate and its key"),
        };
    }

    private static IAccessTokenSource? CredentialsOf(KubeconfigUser user, TimeProvider? timeProvider)
    {
        if (user.Token is { Length: > 0 } token)
        {
            return new StaticTokenSource(token);
        }

        if (user.TokenFile is { Length: > 0 } tokenFile)
        {
            return new FileTokenSource(tokenFile, timeProvider);
        }

        return user.Exec is { } exec ? new ExecCredentialSource(exec, timeProvider) : null;
    }

    private static string DecodeBase64(string data, string field)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{field} is not valid base64", e);
        }
    }
}
