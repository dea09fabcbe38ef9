using System.Net;
using System.Security.Cryptography;
using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// IVS's playback key pairs, as the service keeps them: the public halves of the keys private channels' playback
/// tokens are signed with, three per account and region, each imported once.
/// </summary>
internal sealed class IvsPlaybackKeys(AwsEmulatorOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ImportedKey> _playbackKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// Imports a playback key pair's public half: an ECDSA P-384 key in PEM, at most <see cref="MaxPlaybackKeys"/>
    /// per account and region (IVS's quota), and a key imported once only.
    /// </summary>
    public PlaybackKeyPair ImportPlaybackKeyPair(string publicKeyMaterial, string? name, IReadOnlyDictionary<string, string>? tags)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyMaterial);
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw AwsApiException.Invalid("publicKeyMaterial is not a public key in PEM.");
        }

        if (key.KeySize != 384)
        {
            key.Dispose();
            throw AwsApiException.Invalid($"publicKeyMaterial must be an ECDSA P-384 key (ES384); it is {key.KeySize} bits.");
        }

        var fingerprint = string.Join(':', SHA256.HashData(key.ExportSubjectPublicKeyInfo()).Take(16).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        lock (_lock)
        {
            if (_playbackKeys.Values.Any(k => k.KeyPair.Fingerprint == fingerprint))
            {
                key.Dispose();
                throw AwsApiException.Conflict("A playback key pair with this public key has already been imported.");
            }

            if (_playbackKeys.Count >= MaxPlaybackKeys)
            {
                key.Dispose();
                throw new AwsApiException(HttpStatusCode.PaymentRequired, "ServiceQuotaExceededException", $"Request would cause a service quota to be exceeded: {MaxPlaybackKeys} playback key pairs per account and region.");
            }

            var pair = new PlaybackKeyPair($"arn:aws:ivs:{options.Region}:{options.AccountId}:playback-key/{IvsIds.New(12)}", name ?? "", fingerprint, tags is null ? [] : new Dictionary<string, string>(tags));
            _playbackKeys[pair.Arn] = new ImportedKey(pair, key);
            return pair;
        }
    }

    /// <summary>IVS's quota of playback key pairs per account and region.</summary>
    public const int MaxPlaybackKeys = 3;

    public PlaybackKeyPair GetPlaybackKeyPair(string arn)
    {
        lock (_lock)
        {
            return _playbackKeys.GetValueOrDefault(arn)?.KeyPair ?? throw NoSuch(arn);
        }
    }

    /// <summary>Key pairs in import order, as the listing gives them: without fingerprint.</summary>
    public IReadOnlyList<PlaybackKeyPair> ListPlaybackKeyPairs()
    {
        lock (_lock)
        {
            return [.. _playbackKeys.Values.Select(k => k.KeyPair with { Fingerprint = null })];
        }
    }

    public void DeletePlaybackKeyPair(string arn)
    {
        lock (_lock)
        {
            if (!_playbackKeys.Remove(arn, out var removed))
            {
                throw NoSuch(arn);
            }

            removed.Key.Dispose();
        }
    }

    /// <summary>
    /// Whether <paramref name="token"/> lets a viewer play the channel: a JWT signed ES384 with the private half of an
    /// imported key pair, naming the channel in <c>aws:channel-arn</c>, not expired.
    /// </summary>
    public bool AdmitsPlayback(string channelArn, string? token)
    {
        lock (_lock)
        {
            return PlaybackToken.Admits(token, channelArn, [.. _playbackKeys.Values.Select(k => k.Key)], options.Time.GetUtcNow());
        }
    }

    /// <summary>The key pair's tags; null when the ARN is not a playback key pair's.</summary>
    public IReadOnlyDictionary<string, string>? TagsOf(string arn)
    {
        lock (_lock)
        {
            return _playbackKeys.GetValueOrDefault(arn)?.KeyPair.Tags;
        }
    }

    public void Retag(string arn, Dictionary<string, string> tags)
    {
        lock (_lock)
        {
            var imported = _playbackKeys[arn];
            _playbackKeys[arn] = imported with { KeyPair = imported.KeyPair with { Tags = tags } };
        }
    }

    private static AwsApiException NoSuch(string arn) => AwsApiException.ResourceNotFound($"ResourceNotFoundException: no resource {arn}");
}

/// <summary>An imported playback key pair with its public key, which tokens are verified with.</summary>
internal sealed record ImportedKey(PlaybackKeyPair KeyPair, ECDsa Key);
