using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.Configuration;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The stream's HLS origin endpoint: start-over window and encryption with key rotation, updated in place.</summary>
public sealed class PackageEndpointManager(IMediaPackageClient mediaPackage, SpekeOptions speke)
{
    private const int SegmentSeconds = 6;
    private const int PlaylistWindowSeconds = 60;

    public async Task<Observed<OriginEndpoint>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            return Observed.Found(await mediaPackage.DescribeOriginEndpointAsync(identity.PackageEndpointId, cancellationToken));
        }
        catch (AwsNotFoundException)
        {
            return knownId is null ? Observed.Absent<OriginEndpoint>() : Observed.Missing<OriginEndpoint>();
        }
    }

    public async Task<OriginEndpoint> CreateAsync(StreamIdentity identity, PlaybackSpec playback, CancellationToken cancellationToken)
    {
        try
        {
            return await mediaPackage.CreateOriginEndpointAsync(
                new CreateOriginEndpointRequest(
                    identity.PackageChannelId,
                    identity.PackageEndpointId,
                    Package(identity, playback),
                    ManifestName: "index",
                    StartoverWindowSeconds: StartoverWindow(playback),
                    Tags: identity.Tags),
                cancellationToken);
        }
        catch (AwsUnprocessableEntityException)
        {
            // As for the channel: a 422 is ours only when the endpoint with this id carries this stream's tags.
            var existing = await AwsLookup.DescribeOrNullAsync(() => mediaPackage.DescribeOriginEndpointAsync(identity.PackageEndpointId, cancellationToken));
            if (existing is null || !identity.IsTaggedOn(existing.Tags))
            {
                throw;
            }

            return existing;
        }
    }

    /// <summary>Whether the endpoint's start-over window and encryption (its key rotation) are the spec's.</summary>
    public ResourceDelta Delta(OriginEndpoint endpoint, StreamIdentity identity, PlaybackSpec playback, bool specChanged)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var wanted = Package(identity, playback).Encryption;
        var current = endpoint.HlsPackage?.Encryption;
        var encryptionMatches = (current is null) == (wanted is null)
            && (current is null || (current.KeyRotationIntervalSeconds ?? 0) == (wanted!.KeyRotationIntervalSeconds ?? 0));
        List<string> fields =
        [
            .. (endpoint.StartoverWindowSeconds ?? 0) == (StartoverWindow(playback) ?? 0) ? [] : new[] { "startoverWindowSeconds" },
            .. encryptionMatches ? [] : new[] { "hlsPackage.encryption" },
        ];
        return new ResourceDelta(fields, specChanged);
    }

    public Task UpdateAsync(OriginEndpoint endpoint, StreamIdentity identity, PlaybackSpec playback, CancellationToken cancellationToken) =>
        mediaPackage.UpdateOriginEndpointAsync(
            endpoint.Id,
            new UpdateOriginEndpointRequest(HlsPackage: Package(identity, playback), StartoverWindowSeconds: StartoverWindow(playback) ?? 0),
            cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        AwsLookup.DeleteAsync(() => mediaPackage.DeleteOriginEndpointAsync(id, cancellationToken));

    private HlsPackage Package(StreamIdentity identity, PlaybackSpec playback) => new(
        SegmentDurationSeconds: SegmentSeconds,
        PlaylistWindowSeconds: PlaylistWindowSeconds,
        Encryption: speke.Encrypts(playback.Encryption) ? Encryption(identity, playback.Encryption) : null);

    private HlsEncryption Encryption(StreamIdentity identity, EncryptionSpec encryption) => new(
        new SpekeKeyProvider(
            identity.PackageEndpointId,
            speke.RoleArn!,
            speke.EffectiveSystemIds,
            speke.Url!),
        "AES_128",
        encryption.KeyRotationIntervalSeconds,
        RepeatExtXKey: false);

    private static int? StartoverWindow(PlaybackSpec playback) => playback.StartoverWindowSeconds == 0 ? null : playback.StartoverWindowSeconds;
}
