using System.Security.Cryptography.X509Certificates;
using Airwave.Sandbox.Kubernetes.Hosting;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// The front proxy's own authority and the client certificate the API server presents to aggregated API servers
/// (kube-apiserver's --proxy-client-cert-file, CN front-proxy-client). An aggregated server trusts the X-Remote-*
/// headers of a request only from a client this authority signed; it reads the authority from the
/// extension-apiserver-authentication ConfigMap. Made up for one server run.
/// </summary>
internal sealed class FrontProxyCertificates : IDisposable
{
    public const string ClientName = "front-proxy-client";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private FrontProxyCertificates(X509Certificate2 authority, X509Certificate2 client)
    {
        Authority = authority;
        Client = client;
    }

    public X509Certificate2 Authority { get; }

    /// <summary>The client certificate with its private key.</summary>
    public X509Certificate2 Client { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    public static FrontProxyCertificates Create(DateTimeOffset now)
    {
        var authority = RunCertificates.CreateAuthority("front-proxy-ca", now, Validity);
        return new FrontProxyCertificates(authority, RunCertificates.Issue(authority, ClientName, RunCertificates.ClientAuth, names: null, now, Validity));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Client.Dispose();
    }
}
