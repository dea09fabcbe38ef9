using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Webhook.Admission.Certificates;

/// <summary>
/// Makes the installation's own certificate authority and the serving certificates it signs (ECDSA P-256, which the
/// API server accepts), for installations without cert-manager. Certificates start a little in the past (five minutes,
/// or a tenth of a short lifetime) so an API server whose clock runs behind still accepts them.
/// </summary>
public static class SelfSignedAuthority
{
    private static TimeSpan Backdate(TimeSpan lifetime) => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 10));

    /// <summary>A new authority, with its private key.</summary>
    public static X509Certificate2 Create(string commonName, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - Backdate(lifetime), now + lifetime);
    }

    /// <summary>
    /// A serving certificate for <paramref name="dnsNames"/> (the first is its common name) signed by
    /// <paramref name="authority"/>, with its private key; it never outlives the authority.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, IReadOnlyList<string> dnsNames, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(dnsNames);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={dnsNames[0]}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = new DateTimeOffset(authority.NotAfter.ToUniversalTime()) is var end && end < now + lifetime ? end : now + lifetime;
        using var signed = request.Create(authority, now - Backdate(lifetime), notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }
}
