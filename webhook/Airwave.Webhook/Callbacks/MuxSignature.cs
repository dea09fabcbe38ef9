using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Webhook.Callbacks;

/// <summary>
/// Checks the `Mux-Signature` header of a callback: `t=TIMESTAMP,v1=HEX[,v1=HEX...]`, where each v1 is the
/// HMAC-SHA256 of `TIMESTAMP.BODY` under a webhook signing secret. Any v1 matching any configured secret passes, so
/// both sides can rotate secrets without a moment of refused callbacks; a timestamp further than the tolerance from
/// now is refused, so a captured callback cannot be replayed later.
/// </summary>
public sealed class MuxSignature(IReadOnlyList<string> secrets, TimeSpan tolerance, TimeProvider time)
{
    public const string HeaderName = "Mux-Signature";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyList<byte[]> _secrets = [.. secrets.Select(Encoding.UTF8.GetBytes)];

    /// <summary>False where the service runs for admission alone, without a Mux signing secret.</summary>
    public bool IsConfigured => _secrets.Count > 0;

    public enum Outcome
    {
        Valid,
        Missing,
        Malformed,
        Stale,
        Mismatch,
    }

    /// <summary>Why <see cref="Check"/> refused, in words for the problem+json body (never naming a secret).</summary>
    public static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Missing => $"The request has no {HeaderName} header.",
        Outcome.Malformed => $"The {HeaderName} header is not of the form t=TIMESTAMP,v1=SIGNATURE.",
        Outcome.Stale => $"The {HeaderName} timestamp is more than the allowed tolerance away from now; the callback may be a replay.",
        Outcome.Mismatch => $"No {HeaderName} signature matches the body under a configured webhook secret.",
        _ => "The signature is valid.",
    };

    public Outcome Check(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Outcome.Missing;
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return Outcome.Malformed;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == "t")
            {
                if (timestamp is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return Outcome.Malformed;
                }

                timestamp = seconds;
            }
            else if (key == "v1")
            {
                if (value.Length != 64 || !IsHex(value))
                {
                    return Outcome.Malformed;
                }

                signatures.Add(Convert.FromHexString(value));
            }

            // Other schemes (v0, a future v2) are ignored, as Mux's own libraries ignore them.
        }

        if (timestamp is not { } t || signatures.Count == 0)
        {
            return Outcome.Malformed;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(t, 0, 253402300799));
        if (age.Duration() > tolerance)
        {
            return Outcome.Stale;
        }

        var signed = new byte[Encoding.ASCII.GetByteCount(t.ToString(CultureInfo.InvariantCulture)) + 1 + body.Length];
        var prefix = Encoding.ASCII.GetBytes($"{t.ToString(CultureInfo.InvariantCulture)}.");
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        foreach (var secret in _secrets)
        {
            var expected = HMACSHA256.HashData(secret, signed);
            if (signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected)))
            {
                return Outcome.Valid;
            }
        }

        return Outcome.Mismatch;
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
