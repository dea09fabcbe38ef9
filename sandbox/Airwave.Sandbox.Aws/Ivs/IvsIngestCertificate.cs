using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// The certificate the emulated IVS ingest serves RTMPS with: self-signed for the loopback names, made for one run.
/// Broadcasting software does not check it by default (ffmpeg's tls_verify is off), as it would the service's.
/// </summary>
internal static class IvsIngestCertificate
{
    public static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=airwave-sandbox-ivs-ingest", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }
}
