using System.Security.Cryptography;
using System.Text;

namespace Airwave.Aws.CloudFront.Signing;

/// <summary>
/// Signs CloudFront URLs and cookies with a key group's private key (RSA, SHA-1 as CloudFront verifies it), for
/// cache behaviors that trust the key group: the URL gets <c>Expires</c> (canned policy) or <c>Policy</c> (custom),
/// <c>Signature</c> and <c>Key-Pair-Id</c>; cookies are <c>CloudFront-Policy</c> (or <c>-Expires</c>),
/// <c>CloudFront-Signature</c> and <c>CloudFront-Key-Pair-Id</c>.
/// </summary>
/// <param name="keyPairId">The id CloudFront gave the public key (K...).</param>
/// <param name="privateKey">The private key, PEM (PKCS#1 or PKCS#8).</param>
public sealed class CloudFrontSigner(string keyPairId, string privateKey) : IDisposable
{
    private readonly RSA _key = ImportKey(privateKey);

    public string KeyPairId => keyPairId;

    /// <summary><paramref name="url"/> signed with <paramref name="policy"/> (canned when it can be).</summary>
    public string SignUrl(string url, CloudFrontPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(policy);
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return policy.IsCanned && policy.Resource == url
            ? $"{url}{separator}Expires={policy.Expires.ToUnixTimeSeconds()}&Signature={Sign(policy.ToJson())}&Key-Pair-Id={keyPairId}"
            : $"{url}{separator}{Query(policy)}";
    }

    /// <summary>
    /// The query (<c>Policy</c>, <c>Signature</c>, <c>Key-Pair-Id</c>) that signs every URL a custom policy covers:
    /// signed once, for a playlist whose every segment it covers.
    /// </summary>
    public string Query(CloudFrontPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var json = policy.ToJson();
        return $"Policy={Encode(Encoding.UTF8.GetBytes(json))}&Signature={Sign(json)}&Key-Pair-Id={keyPairId}";
    }

    /// <summary>The cookies that let a browser fetch what <paramref name="policy"/> allows (a custom policy, so wildcards work).</summary>
    public IReadOnlyDictionary<string, string> Cookies(CloudFrontPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var json = policy.ToJson();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CloudFront-Policy"] = Encode(Encoding.UTF8.GetBytes(json)),
            ["CloudFront-Signature"] = Sign(json),
            ["CloudFront-Key-Pair-Id"] = keyPairId,
        };
    }

    public void Dispose() => _key.Dispose();

    private string Sign(string policy) => Encode(_key.SignData(Encoding.UTF8.GetBytes(policy), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));

    /// <summary>Base64 with CloudFront's substitutions for characters that URLs and cookies do not take as they are.</summary>
    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('=', '_').Replace('/', '~');

    private static RSA ImportKey(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
