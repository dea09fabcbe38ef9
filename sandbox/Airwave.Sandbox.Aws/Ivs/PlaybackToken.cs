using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// A private channel's playback token as IVS checks it: a JWT (header.payload.signature, base64url) signed ES384 by
/// the private half of an imported playback key pair, whose claims name the channel (<c>aws:channel-arn</c>) and an
/// expiry (<c>exp</c>, seconds since the epoch) still ahead.
/// </summary>
internal static class PlaybackToken
{
    public static bool Admits(string? token, string channelArn, IReadOnlyList<ECDsa> keys, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "ES384")
            {
                return false;
            }

            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!keys.Any(key => key.VerifyData(signed, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)))
            {
                return false;
            }

            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = claims.RootElement;
            return root.TryGetProperty("aws:channel-arn", out var arn) && arn.GetString() == channelArn
                && root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expires) && expires > now.ToUnixTimeSeconds();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
