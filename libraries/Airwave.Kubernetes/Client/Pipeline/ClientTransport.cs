using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Airwave.Kubernetes.Serialization;
using k8s.Authentication;

namespace Airwave.Kubernetes.Client.Pipeline;

/// <summary>The official client's HTTP pipeline, tuned for watches and with Airwave's handlers in it.</summary>
internal static class ClientTransport
{
    // Set once the machine's trust store is being loaded in the background (see PreloadTrustStore).
    private static int s_trustStorePreloaded;

    /// <summary>
    /// The official client built from <paramref name="configuration"/>, whose HttpClient carries Airwave's requests and
    /// its own typed calls alike: <see cref="ApiCallHandler"/> outermost, then <see cref="KubernetesClientOptions.Handlers"/>
    /// in order, then the configuration's credentials.
    /// </summary>
    public static k8s.Kubernetes Create(k8s.KubernetesClientConfiguration configuration, KubernetesClientOptions options)
    {
        OfficialModelJson.EnsureExtended();
        DelegatingHandler[] handlers =
        [
            new ApiCallHandler(options),
            .. options.Handlers.Select(make => make()),
            new CredentialsHandler(k8s.Kubernetes.CreateCredentials(configuration), configuration.TlsServerName),
        ];

        if (configuration.SslCaCerts is { Count: > 0 } authorities)
        {
            PreloadTrustStore(authorities[0]);
        }

        // The official client sets up its own handler in its constructor; Airwave's settings are applied to it there,
        // and the configuration, which may make other clients, is left as it was given.
        var given = configuration.FirstMessageHandlerSetup;
        configuration.FirstMessageHandlerSetup = handler =>
        {
            given?.Invoke(handler);
            Tune(handler, options);
        };
        try
        {
            return new k8s.Kubernetes(configuration, handlers);
        }
        finally
        {
            configuration.FirstMessageHandlerSetup = given;
        }
    }

    /// <summary>
    /// A TLS handshake first checks the server's chain against the machine's trust store (the official client then
    /// checks it against the configured CAs), and building a chain on Linux loads that store once per process: about
    /// 80 ms in a new one. Loaded in the background when the first client is made, it is ready by the first handshake
    /// instead of delaying the first request, such as a new leader's first list. A failure here only leaves the load
    /// to that handshake.
    /// </summary>
    private static void PreloadTrustStore(X509Certificate2 probe)
    {
        if (Interlocked.Exchange(ref s_trustStorePreloaded, 1) == 1)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                try
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.Build(probe);
                }
                catch (CryptographicException)
                {
                }
            },
            null);
    }

    private static void Tune(SocketsHttpHandler handler, KubernetesClientOptions options)
    {
        // HTTP/2 where the server speaks it (every API server over TLS): one connection, health-checked by pings
        // whether or not a request is under way, so that a watch on a connection that silently died fails.
        handler.KeepAlivePingDelay = options.HealthCheckInterval;
        handler.KeepAlivePingTimeout = options.HealthCheckTimeout;
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        handler.EnableMultipleHttp2Connections = true;

        // Re-resolve the server now and then; in-cluster the service IP is stable but kubeconfig hosts move.
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
    }

    /// <summary>
    /// Adds what the official client adds to each request it sends itself: the configuration's credentials (a
    /// token, a token file, an exec plugin's or OIDC's token, or a user and password), and the TLS server name
    /// the kubeconfig asks for. Its typed calls arrive with them already set; setting them again costs nothing, as
    /// each credential keeps its token until it expires.
    /// </summary>
    private sealed class CredentialsHandler(ServiceClientCredentials? credentials, string? tlsServerName) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (credentials is not null)
            {
                await credentials.ProcessHttpRequestAsync(request, cancellationToken);
            }

            if (!string.IsNullOrWhiteSpace(tlsServerName))
            {
                request.Headers.Host = tlsServerName;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
