using System.Text;
using k8s.Models;

namespace Airwave.Kubernetes.Secrets;

/// <summary>
/// Text in a Secret. The official client decodes a Secret's base64 data to bytes; the values Airwave keeps there
/// (keys, tokens, URLs, PEM) are UTF-8 text.
/// </summary>
public static class SecretText
{
    /// <summary>The type of a Secret holding arbitrary keys.</summary>
    public const string Opaque = "Opaque";

    /// <summary>The value under <paramref name="key"/>, or null when the Secret has none.</summary>
    public static string? GetString(this V1Secret secret, string key)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Data is not null && secret.Data.TryGetValue(key, out var value) && value is not null ? Encoding.UTF8.GetString(value) : null;
    }

    /// <summary>Values for a Secret's data.</summary>
    public static Dictionary<string, byte[]> Encode(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>Whether the Secret holds exactly <paramref name="values"/>, no more and no other.</summary>
    public static bool Holds(this V1Secret secret, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(values);
        return (secret.Data?.Count ?? 0) == values.Count && values.All(kv => secret.GetString(kv.Key) == kv.Value);
    }
}
