using System.Security.Cryptography;

namespace Airwave.Events.Signing;

/// <summary>A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of the key bytes.</summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";

    private WebhookSecret(byte[] key) => Key = key;

    internal byte[] Key { get; }

    public static WebhookSecret Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var encoded = value.StartsWith(Prefix, StringComparison.Ordinal) ? value[Prefix.Length..] : value;
        try
        {
            return new WebhookSecret(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            // The message never repeats the value: it is a secret.
            throw new FormatException($"a webhook signing secret must be \"{Prefix}\" followed by base64");
        }
    }

    /// <summary>Several secrets separated by spaces or commas: during a rotation every one of them signs.</summary>
    public static IReadOnlyList<WebhookSecret> ParseList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return [.. value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];
    }

    /// <summary>A new random 32-byte secret in its <c>whsec_</c> form.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    // The key must never reach a log line.
    public override string ToString() => $"{Prefix}***";
}
