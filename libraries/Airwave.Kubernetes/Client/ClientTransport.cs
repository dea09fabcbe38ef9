using k8s.Authentication;

namespace Airwave.Kubernetes.Client;

/// <summary>The official client's HTTP pipeline, tuned for watches and with Airwave's handlers in it.</summary>
internal static class ClientTransport
{
    /// <summary>
    /// The official client built from <paramref name="configuration"/>, whose HttpClient carries Airwave's requests:
    /// <see cref="KubernetesClientOptions.Handlers"/> outermost first, then the configuration's credentials.
    /// </summary>
    public static k8s.Kubernetes Create(k8s.KubernetesClientConfiguration configuration, KubernetesClientOptions options)
    {
        DelegatingHandler[] handlers =
        [
            .. options.Handlers.Select(make => make()),
            new CredentialsHandler(k8s.Kubernetes.CreateCredentials(configuration), configuration.TlsServerName),
        ];

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
    /// the kubeconfig asks for.
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
