using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Events.Signing;

/// <summary>Signs request bodies per the Standard Webhooks specification.</summary>
public sealed class WebhookSigner(IReadOnlyList<WebhookSecret> secrets)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The webhook-signature value: <c>v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c> per secret, space-separated.</summary>
    public string Sign(string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(id);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret.Key, content))));
    }
}
