using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Sandbox.Kubernetes.Hosting;

/// <summary>
/// A certificate authority made up for one server run and the loopback serving certificate it signs; clients trust
/// the CA through the kubeconfig's certificate-authority-data (and a webhook configuration's caBundle, for a service
/// served with it). Nothing is written to a certificate store.
/// </summary>
public sealed class SandboxCertificates : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private SandboxCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate with its private key, for 127.0.0.1, ::1 and localhost.</summary>
    public X509Certificate2 Server { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Writes the serving certificate and its key as PEM files, as a mounted TLS Secret holds them.</summary>
    public void WriteServerPem(string certificateFile, string keyFile)
    {
        File.WriteAllText(certificateFile, Server.ExportCertificatePem());
        File.WriteAllText(keyFile, Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public static SandboxCertificates Create(DateTimeOffset now)
    {
        var authority = RunCertificates.CreateAuthority("airwave-sandbox-ca", now, Validity);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        return new SandboxCertificates(authority, RunCertificates.Issue(authority, "airwave-sandbox", RunCertificates.ServerAuth, names, now, Validity));
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
