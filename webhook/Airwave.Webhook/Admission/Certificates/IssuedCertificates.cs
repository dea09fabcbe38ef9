using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Airwave.Kubernetes.Secrets;
using k8s.Models;

namespace Airwave.Webhook.Admission.Certificates;

/// <summary>
/// What the self-issued admission certificate's Secret holds: the authority (ca.key and the first certificate of
/// ca.crt), the authorities the API server is told to trust (all of ca.crt: the current one first, then replaced ones
/// until they expire, so pods still serving a certificate from the old one stay trusted), and the serving certificate
/// (tls.crt, tls.key). Anything missing, unreadable, due or not matching is issued again by <see cref="Renewed"/>.
/// </summary>
public sealed class IssuedCertificates
{
    public const string AuthorityCertificateKey = "ca.crt";
    public const string AuthorityKeyKey = "ca.key";
    public const string CertificateKey = "tls.crt";
    public const string KeyKey = "tls.key";

    /// <summary>The authority lives this many times the serving certificate's lifetime, so it is renewed rarely.</summary>
    private const int AuthorityLifetimes = 10;

    private IssuedCertificates(X509Certificate2? authority, IReadOnlyList<X509Certificate2> trusted, X509Certificate2? serving)
    {
        Authority = authority;
        Trusted = trusted;
        Serving = serving;
    }

    /// <summary>The authority with its private key.</summary>
    public X509Certificate2? Authority { get; }

    public IReadOnlyList<X509Certificate2> Trusted { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2? Serving { get; }

    /// <summary>The caBundle: every trusted authority, PEM.</summary>
    public string TrustedPem => string.Concat(Trusted.Select(c => c.ExportCertificatePem() + "\n"));

    /// <summary>Reads what <paramref name="secret"/> holds; parts that are absent or unreadable are left out.</summary>
    public static IssuedCertificates From(V1Secret? secret)
    {
        var trusted = new X509Certificate2Collection();
        try
        {
            if (secret?.GetString(AuthorityCertificateKey) is { Length: > 0 } bundle)
            {
                trusted.ImportFromPem(bundle);
            }
        }
        catch (CryptographicException)
        {
            trusted.Clear();
        }

        var authority = trusted.Count > 0 ? WithKey(trusted[0].ExportCertificatePem(), secret?.GetString(AuthorityKeyKey)) : null;
        var serving = WithKey(secret?.GetString(CertificateKey), secret?.GetString(KeyKey));
        return new IssuedCertificates(authority, [.. trusted], serving);
    }

    /// <summary>
    /// These certificates, or new ones where something is due: an authority with less than a third of its lifetime
    /// left is replaced (the old one stays trusted until it expires), and a serving certificate is issued again when it
    /// has less than a third of <paramref name="lifetime"/> left, names other than <paramref name="dnsNames"/>, or
    /// comes from another authority. <paramref name="reason"/> says why, or is null when nothing changed.
    /// </summary>
    public IssuedCertificates Renewed(DateTimeOffset now, IReadOnlyList<string> dnsNames, TimeSpan lifetime, string commonName, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        var authority = Authority;
        var trusted = Trusted.Where(c => c.NotAfter.ToUniversalTime() > now.UtcDateTime).ToList();
        reason = null;
        if (authority is null || Due(authority, now))
        {
            reason = authority is null ? "no certificate authority yet" : $"the certificate authority expires at {authority.NotAfter.ToUniversalTime():O}";
            authority = SelfSignedAuthority.Create(commonName, now, lifetime * AuthorityLifetimes);
            trusted.Insert(0, X509CertificateLoader.LoadCertificate(authority.RawData));
        }

        var serving = Serving;
        var servingReason = serving is null ? "no serving certificate yet"
            : !SignedBy(serving, authority) ? "the serving certificate is not from the current certificate authority"
            : !Names(serving).SetEquals(dnsNames) ? $"the serving certificate is not for {string.Join(", ", dnsNames)}"
            : Due(serving, now) ? $"the serving certificate expires at {serving.NotAfter.ToUniversalTime():O}"
            : null;
        if (servingReason is not null)
        {
            reason ??= servingReason;
            serving = SelfSignedAuthority.Issue(authority, dnsNames, now, lifetime);
        }

        return reason is null ? this : new IssuedCertificates(authority, trusted, serving);
    }

    /// <summary>The Secret's data.</summary>
    public Dictionary<string, byte[]> ToData()
    {
        if (Authority is null || Serving is null)
        {
            throw new InvalidOperationException("nothing issued yet");
        }

        return SecretText.Encode(new Dictionary<string, string>
        {
            [AuthorityCertificateKey] = TrustedPem,
            [AuthorityKeyKey] = Authority.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(),
            [CertificateKey] = Serving.ExportCertificatePem() + "\n",
            [KeyKey] = Serving.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(),
        });
    }

    private static bool Due(X509Certificate2 certificate, DateTimeOffset now)
    {
        var (start, end) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        return now.UtcDateTime >= end - ((end - start) / 3) || now.UtcDateTime < start;
    }

    private static bool SignedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == authority.Thumbprint;
    }

    private static HashSet<string> Names(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())];

    private static X509Certificate2? WithKey(string? certificatePem, string? keyPem)
    {
        if (certificatePem is not { Length: > 0 } || keyPem is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
