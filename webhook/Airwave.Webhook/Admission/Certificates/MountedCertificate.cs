using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Airwave.Configuration;

namespace Airwave.Webhook.Admission.Certificates;

/// <summary>
/// The admission port's certificate from its PEM files, loaded again when either file changes (cert-manager renews it
/// by rewriting the mounted Secret), so each TLS handshake gets the current one.
/// </summary>
public sealed class MountedCertificate : IServingCertificate
{
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly Lock _lock = new();
    private (DateTime Certificate, DateTime Key) _loadedFrom;
    private X509Certificate2 _current;

    /// <summary>Loads the files now; a <see cref="SettingException"/> when they cannot be used.</summary>
    public MountedCertificate(string certificateFile, string keyFile)
    {
        _certificateFile = certificateFile;
        _keyFile = keyFile;
        try
        {
            (_current, _loadedFrom) = Load();
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException)
        {
            throw new SettingException($"the admission certificate cannot be read from {certificateFile} and {keyFile}: {e.Message}");
        }
    }

    public X509Certificate2? Current()
    {
        lock (_lock)
        {
            try
            {
                var stamps = Stamps();
                if (stamps != _loadedFrom)
                {
                    (_current, _loadedFrom) = Load();
                }
            }
            catch (Exception e) when (e is IOException or CryptographicException or ArgumentException)
            {
                // A renewal caught half-written: keep serving the last good certificate and read again next time.
            }

            return _current;
        }
    }

    private (X509Certificate2, (DateTime, DateTime)) Load()
    {
        var stamps = Stamps();
        return (X509Certificate2.CreateFromPemFile(_certificateFile, _keyFile), stamps);
    }

    private (DateTime, DateTime) Stamps() => (File.GetLastWriteTimeUtc(_certificateFile), File.GetLastWriteTimeUtc(_keyFile));
}
