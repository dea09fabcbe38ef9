using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Mux.Playback;

/// <summary>
/// Mints the tokens a signed playback id plays with, as Mux documents them and its SDKs make them: a JWT signed RS256
/// with a signing key's private key, claims `sub` (the playback id), `aud` (v, t, s or g), `exp` and `kid` (the
/// signing key's id), plus the request's parameters for thumbnails (width, time, ...), which Mux then takes from the
/// token. Mux refuses HS256.
/// </summary>
public sealed class PlaybackTokenSigner : IDisposable
{
    private readonly RSA _key;
    private readonly string _keyId;

    /// <param name="keyId">The signing key's id.</param>
    /// <param name="privateKey">The signing key's private key as Mux returns it: base64 of a PEM, or the PEM itself.</param>
    /// <exception cref="ArgumentException">The private key is not an RSA key in PEM.</exception>
    public PlaybackTokenSigner(string keyId, string privateKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(privateKey);
        var pem = privateKey.Contains("-----BEGIN", StringComparison.Ordinal) ? privateKey : Decode(privateKey);
        _key = RSA.Create();
        try
        {
            _key.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            _key.Dispose();
            throw new ArgumentException("the signing key's private key is not an RSA private key in PEM", nameof(privateKey), e);
        }

        _keyId = keyId;
    }

    /// <summary>Whether <paramref name="privateKey"/> is one a signer can be made with.</summary>
    public static bool IsPrivateKey(string privateKey)
    {
        try
        {
            using var signer = new PlaybackTokenSigner("check", privateKey);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A token for the playback id and audience, valid until <paramref name="expires"/>.</summary>
    /// <param name="parameters">Thumbnail or GIF parameters (width, height, time, ...), which become claims.</param>
    public string Sign(string playbackId, PlaybackAudience audience, DateTimeOffset expires, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var claims = new JsonObject();
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            claims[name] = value;
        }

        claims["sub"] = playbackId;
        claims["aud"] = audience switch
        {
            PlaybackAudience.Video => "v",
            PlaybackAudience.Thumbnail => "t",
            PlaybackAudience.Storyboard => "s",
            _ => "g",
        };
        claims["exp"] = expires.ToUnixTimeSeconds();
        claims["kid"] = _keyId;
        var header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => _key.Dispose();

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.ASCII.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("the signing key's private key is neither a PEM nor base64 of one", nameof(base64), e);
        }
    }
}
