using System.Collections.Concurrent;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.Media;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// The content keys of encrypted endpoints, as MediaPackage keeps them: a key per endpoint and key period
/// (keyRotationIntervalSeconds of segment time; one period without rotation), asked of the key provider once and
/// then used for every segment of the period, whoever asks. When the provider does not answer, a period takes the
/// last key the endpoint fetched, so an endpoint that worked keeps working, still encrypted; an endpoint that never
/// got a key has none, and its playlists and segments answer 404 (never the segments in the clear). After a failure
/// the provider is not asked again for a few seconds, so a player's requests do not each wait on it.
/// </summary>
internal sealed class EndpointKeys(SpekeClient speke, TimeProvider time, TextWriter log)
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Keyring> _keyrings = new(StringComparer.Ordinal);

    /// <summary>
    /// The key of each of these segments (by media sequence number); null when the endpoint has no key at all yet.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, ContentKey>?> ForAsync(OriginEndpoint endpoint, HlsEncryption encryption, IEnumerable<OriginPlaylist.Segment> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(encryption);
        var keyring = _keyrings.GetOrAdd(endpoint.Arn, _ => new Keyring());
        var interval = encryption.KeyRotationIntervalSeconds ?? 60;
        var keys = new Dictionary<long, ContentKey>();
        await keyring.Lock.WaitAsync(cancellationToken);
        try
        {
            foreach (var segment in segments)
            {
                var period = interval <= 0 ? 0 : (long)Math.Floor(segment.Time.ToUnixTimeMilliseconds() / 1000.0 / interval);
                if (await KeyAsync(keyring, encryption.SpekeKeyProvider, endpoint.Id, (interval, period), cancellationToken) is not { } key)
                {
                    return null;
                }

                keys[segment.Sequence] = key;
            }
        }
        finally
        {
            keyring.Lock.Release();
        }

        return keys;
    }

    private async Task<ContentKey?> KeyAsync(Keyring keyring, SpekeKeyProvider provider, string endpointId, (int Interval, long Period) period, CancellationToken cancellationToken)
    {
        if (keyring.Assigned.TryGetValue(period, out var assigned))
        {
            return assigned;
        }

        var now = time.GetUtcNow();
        if (now >= keyring.QuietUntil)
        {
            try
            {
                var fetched = await speke.RequestAsync(provider, KeyIds.For(provider.ResourceId, period.Period), period.Period, cancellationToken);
                keyring.LastFetched = fetched;
                return keyring.Assigned[period] = fetched;
            }
            catch (KeyProviderException e)
            {
                keyring.QuietUntil = now + RetryAfterFailure;
                await log.WriteLineAsync($"MediaPackage: endpoint {endpointId} could not get the key of period {period.Period}: {e.Message}{(keyring.LastFetched is null ? "; it serves nothing until it gets one" : "; it keeps the last key it got")}");
            }
        }

        return keyring.LastFetched is { } last ? keyring.Assigned[period] = last : null;
    }

    /// <summary>An endpoint's keys by (rotation interval, period), and what it last fetched; guarded by <see cref="Lock"/>.</summary>
    private sealed class Keyring
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public Dictionary<(int Interval, long Period), ContentKey> Assigned { get; } = [];

        public ContentKey? LastFetched { get; set; }

        public DateTimeOffset QuietUntil { get; set; }
    }
}
