using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Aws.Ivs;

/// <summary>
/// Mints the tokens a private IVS channel plays with, as IVS documents them: a JWT signed ES384 with the private half
/// of an imported playback key pair, claims <c>aws:channel-arn</c>, <c>exp</c> and, when given,
/// <c>aws:access-control-allow-origin</c> (the web origins the token plays on). Viewers add it to the playback URL
/// as <c>?token=</c>.
/// </summary>
public sealed class IvsPlaybackTokenSigner : IDisposable
{
    private readonly ECDsa _key;

    /// <param name="privateKeyPem">The key pair's private half: an ECDSA P-384 key in PEM.</param>
    /// <exception cref="ArgumentException">It is not an ECDSA P-384 private key in PEM.</exception>
    public IvsPlaybackTokenSigner(string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        _key = ECDsa.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
            if (_key.KeySize != 384)
            {
                throw new ArgumentException($"the playback key is {_key.KeySize} bits, not P-384", nameof(privateKeyPem));
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            _key.Dispose();
            throw new ArgumentException("the playback key is not an ECDSA P-384 private key in PEM", nameof(privateKeyPem), e);
        }
    }

    /// <summary>A new key pair's private half, in PEM; its public half is <see cref="PublicKeyPem"/>.</summary>
    public static string NewPrivateKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The public half, in PEM, as ImportPlaybackKeyPair takes it.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>A token that plays <paramref name="channelArn"/> until <paramref name="expires"/>.</summary>
    /// <param name="allowedOrigin">The web origin the token plays on (CORS); null for any.</param>
    public string Sign(string channelArn, DateTimeOffset expires, string? allowedOrigin = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelArn);
        var claims = new JsonObject
        {
            ["aws:channel-arn"] = channelArn,
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        if (allowedOrigin is not null)
        {
            claims["aws:access-control-allow-origin"] = allowedOrigin;
        }

        var header = Base64Url.EncodeToString("""{"alg":"ES384","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => _key.Dispose();
}
