using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.Configuration;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The stream's HLS origin endpoint: start-over window and encryption with key rotation, updated in place; for a
/// Signed stream, CDN authorization, so that it plays to the live distribution alone. MediaPackage keeps an endpoint's
/// CDN authorization when an update leaves it out, so a stream that turns Public again keeps it: it plays on through
/// the distribution.
/// </summary>
public sealed class PackageEndpointManager(IMediaPackageClient mediaPackage, SpekeOptions speke, CdnAuthorizationOptions cdn) : IAwsResourceManager<OriginEndpoint, PlaybackSpec>
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

    /// <param name="replacing">Unused: the id is the stream's, so an endpoint made again has the same one.</param>
    public async Task<OriginEndpoint> CreateAsync(PlaybackSpec plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var playback = plan;
        try
        {
            return await mediaPackage.CreateOriginEndpointAsync(
                new CreateOriginEndpointRequest(
                    identity.PackageChannelId,
                    identity.PackageEndpointId,
                    Package(identity.PackageEndpointId, playback),
                    ManifestName: "index",
                    StartoverWindowSeconds: StartoverWindow(playback),
                    Tags: identity.Tags,
                    Authorization: Authorization(playback)),
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

    /// <summary>Whether the endpoint's start-over window, encryption (its method, key rotation, the content its keys are for) and CDN authorization are the spec's.</summary>
    public ResourceDelta Delta(OriginEndpoint resource, PlaybackSpec plan, bool specChanged)
    {
        var (endpoint, playback) = (resource, plan);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(playback);
        var wanted = Package(endpoint.Id, playback).Encryption;
        var current = endpoint.HlsPackage?.Encryption;
        var encryptionMatches = (current is null) == (wanted is null)
            && (current is null || ((current.KeyRotationIntervalSeconds ?? 0) == (wanted!.KeyRotationIntervalSeconds ?? 0)
                && current.SpekeKeyProvider.ResourceId == wanted.SpekeKeyProvider.ResourceId
                && (current.EncryptionMethod ?? "AES_128") == wanted.EncryptionMethod));
        List<string> fields =
        [
            .. (endpoint.StartoverWindowSeconds ?? 0) == (StartoverWindow(playback) ?? 0) ? [] : new[] { "startoverWindowSeconds" },
            .. encryptionMatches ? [] : new[] { "hlsPackage.encryption" },
            .. Authorization(playback) is { } authorization && authorization != endpoint.Authorization ? new[] { "authorization" } : [],
        ];
        return new ResourceDelta(fields, specChanged);
    }

    public Task<OriginEndpoint> UpdateAsync(OriginEndpoint resource, PlaybackSpec plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(plan);
        return mediaPackage.UpdateOriginEndpointAsync(
            resource.Id,
            new UpdateOriginEndpointRequest(HlsPackage: Package(resource.Id, plan), StartoverWindowSeconds: StartoverWindow(plan) ?? 0, Authorization: Authorization(plan)),
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await AwsLookup.DeleteAsync(() => mediaPackage.DeleteOriginEndpointAsync(id, cancellationToken));
        return true;
    }

    /// <param name="endpointId">The endpoint's id, from which the resource id its keys are asked for under is made (<see cref="StreamContentId"/>).</param>
    private HlsPackage Package(string endpointId, PlaybackSpec playback) => new(
        SegmentDurationSeconds: SegmentSeconds,
        PlaylistWindowSeconds: PlaylistWindowSeconds,
        Encryption: speke.Encrypts(playback.Encryption) ? Encryption(StreamContentId.Of(endpointId, playback.Policy), playback.Encryption) : null);

    /// <summary>AES-128 with the configured clear-key system ids, or SAMPLE-AES, which MediaPackage does for FairPlay alone.</summary>
    private HlsEncryption Encryption(string contentId, EncryptionSpec encryption)
    {
        var fairPlay = encryption.Method == EncryptionMethod.SampleAes;
        return new(
            new SpekeKeyProvider(contentId, speke.RoleArn!, fairPlay ? [Cpix.FairPlaySystemId] : speke.EffectiveSystemIds, speke.Url!),
            fairPlay ? "SAMPLE_AES" : "AES_128",
            encryption.KeyRotationIntervalSeconds,
            RepeatExtXKey: false);
    }

    /// <summary>CDN authorization for a Signed stream (its configuration is checked before anything is made); null leaves the endpoint's as it is.</summary>
    private CdnAuthorization? Authorization(PlaybackSpec playback) =>
        playback.Policy == Api.VideoAssets.PlaybackPolicy.Signed && cdn.IsConfigured ? new CdnAuthorization(cdn.SecretArn!, cdn.RoleArn!) : null;

    private static int? StartoverWindow(PlaybackSpec playback) => playback.StartoverWindowSeconds == 0 ? null : playback.StartoverWindowSeconds;
}
