using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=front-proxy-ca", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        var authority = authorityRequest.CreateSelfSigned(now.AddMinutes(-5), now + Validity);

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest($"CN={ClientName}", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        clientRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        clientRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = clientRequest.Create(authority, now.AddMinutes(-5), now + Validity, RandomNumberGenerator.GetBytes(16));

        // TLS client authentication on Linux wants the key in an exportable, PKCS#12-loaded certificate.
        using var withKey = signed.CopyWithPrivateKey(clientKey);
        var client = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new FrontProxyCertificates(authority, client);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Client.Dispose();
    }
}
