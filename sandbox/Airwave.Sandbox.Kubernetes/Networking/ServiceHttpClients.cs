using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// The HTTPS clients the API server calls services with (admission webhooks, aggregated APIs): a host named
/// &lt;service&gt;.&lt;namespace&gt;.svc is reached through one of the Service's endpoints (<see cref="ServiceEndpoints"/>)
/// and its certificate checked for that name; only the caBundle's authorities are trusted (the machine's roots when
/// there is none), as kube-apiserver does. One client per caBundle, TLS setting and client certificate.
/// </summary>
internal sealed class ServiceHttpClients(ObjectStore store) : IDisposable
{
    private readonly ServiceEndpoints _services = new(store);
    private readonly ConcurrentDictionary<(string CaBundle, bool Insecure, X509Certificate2? Client), HttpClient> _clients = new();

    /// <param name="caBundle">The base64 of PEM authorities, as webhook configurations and APIServices carry it.</param>
    /// <param name="insecureSkipTlsVerify">Whether the server's certificate is not checked at all (an APIService may say so).</param>
    /// <param name="clientCertificate">The certificate the API server presents (the front proxy's to aggregated APIs).</param>
    public HttpClient For(string? caBundle, bool insecureSkipTlsVerify = false, X509Certificate2? clientCertificate = null) =>
        _clients.GetOrAdd((caBundle ?? "", insecureSkipTlsVerify, clientCertificate), key =>
        {
            var trusted = new X509Certificate2Collection();
            if (key.CaBundle.Length > 0)
            {
                trusted.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(key.CaBundle)));
            }

            return new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = ConnectAsync,

                // A Service's endpoints change as its pods do: connections are not kept long.
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
                SslOptions = TlsOptions(null, trusted, key.Insecure, key.Client),
            })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        });

    /// <summary>A TLS connection of its own to the Service <paramref name="host"/> names, checked as <see cref="For"/>'s clients check theirs.</summary>
    public async Task<Stream> OpenAsync(string host, int port, string? caBundle, bool insecureSkipTlsVerify, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
    {
        var trusted = new X509Certificate2Collection();
        if (caBundle is { Length: > 0 })
        {
            trusted.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(caBundle)));
        }

        var connection = await ConnectAsync(new DnsEndPoint(host, port), cancellationToken);
        var tls = new SslStream(connection, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(TlsOptions(host, trusted, insecureSkipTlsVerify, clientCertificate), cancellationToken);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static SslClientAuthenticationOptions TlsOptions(string? host, X509Certificate2Collection trusted, bool insecure, X509Certificate2? client) => new()
    {
        TargetHost = host,
        ClientCertificates = client is null ? null : [client],
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => insecure || Trusted(trusted, certificate, errors),
    };

    private static bool Trusted(X509Certificate2Collection trusted, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (trusted.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is not X509Certificate2 served || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(served);
    }

    /// <summary>Connects to &lt;service&gt;.&lt;namespace&gt;.svc through one of the Service's endpoints, to any other host directly.</summary>
    private ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) => ConnectAsync(context.DnsEndPoint, cancellationToken);

    private async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Split('.');
        EndPoint target = host is [var service, var ns, "svc"]
            ? _services.Resolve(ns, service, endpoint.Port)
            : endpoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
