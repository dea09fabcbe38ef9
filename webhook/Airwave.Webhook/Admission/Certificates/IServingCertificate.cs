using System.Security.Cryptography.X509Certificates;

namespace Airwave.Webhook.Admission.Certificates;

/// <summary>Where the admission port's TLS handshakes get their certificate.</summary>
public interface IServingCertificate
{
    /// <summary>The certificate to serve now, with its private key; null while there is none yet (handshakes fail).</summary>
    X509Certificate2? Current();
}
