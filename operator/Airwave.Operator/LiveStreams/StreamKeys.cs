using System.Security.Cryptography;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// The keys a stream's pods and publishers share with the operator (a WebRtc stream's WHIP bearer token, its SFU
/// pods' room admin key and TURN secret), derived from one key in the operator's namespace instead of kept: the
/// operator writes them into the stream's Secrets and never reads those back, so it needs no right to read a team's
/// Secrets, and every restart and replica derives the same. The stream's uid is part of each, so a stream deleted
/// and applied again under its name gets new ones; a rotation value gives new ones too.
/// </summary>
public sealed class StreamKeys(KubernetesClient client) : IDisposable
{
    /// <summary>The Secret in the operator's namespace holding the key every stream's keys come from.</summary>
    public const string SecretName = "airwave-stream-keys";

    public const string KeyField = "key";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    /// <summary>The stream's key for <paramref name="purpose"/>: 256 bits, in hex.</summary>
    public async Task<string> ForAsync(LiveStream stream, string purpose, string? rotation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Derive(await KeyAsync(cancellationToken), stream, purpose, rotation);
    }

    /// <summary>HMAC-SHA256 under <paramref name="key"/> of the purpose, the stream's namespace, name and uid, and the rotation.</summary>
    public static string Derive(byte[] key, LiveStream stream, string purpose, string? rotation)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var input = string.Join('\n', purpose, stream.Metadata.Namespace, stream.Metadata.Name, stream.Metadata.Uid, rotation ?? "");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(input)));
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                var (stored, _) = await GeneratedSecret.GetOrCreateAsync(
                    client, client.Namespace, SecretName, KeyField, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), cancellationToken);
                _key = Encoding.UTF8.GetBytes(stored);
            }

            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
