using System.Security.Cryptography;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// A namespace's API key for /stream/start and /stream/stop: a Secret in the operator's namespace, one per namespace
/// the installation lists (Operator:StreamApiKeyNamespaces), made by the operator when it starts and only read by the
/// webhook service. The key names its namespace (awk.NAMESPACE.RANDOM), so the service reads the one Secret it could be.
/// </summary>
public static class StreamApiKeySecret
{
    private const string Prefix = "awk";

    public const string KeyField = "apiKey";

    public static string NameFor(string @namespace) => $"airwave-stream-api-key-{@namespace}";

    /// <summary>A new key for <paramref name="namespace"/>: 256 random bits.</summary>
    public static string NewKey(string @namespace) => $"{Prefix}.{@namespace}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    /// <summary>The namespace a key is for; null when <paramref name="token"/> is not shaped as a key (a Kubernetes token, say).</summary>
    public static string? NamespaceOf(string token) =>
        token.Split('.') is [Prefix, { Length: > 0 } ns, { Length: > 0 }] ? ns : null;
}
