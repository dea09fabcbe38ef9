using System.Globalization;
using Airwave.Api.VideoAssets;
using Airwave.Mux;
using Airwave.Mux.Video;
using Airwave.Operator.Resources;
using MuxPlaybackPolicy = Airwave.Mux.Video.PlaybackPolicy;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// A VideoAsset's Mux asset and its playback id. Every asset carries its VideoAsset's uid as passthrough, so one
/// whose creation was answered but not recorded (the response or the status write lost) is found again, not doubled.
/// </summary>
public sealed class MuxAssetManager(IMuxClient mux)
{
    public static class States
    {
        public const string Preparing = "preparing";
        public const string Ready = "ready";
        public const string Errored = "errored";
    }

    private const int PageSize = 100;

    // Assets are listed newest first; one made for this VideoAsset is younger than the VideoAsset, give or take the
    // clocks of the cluster and Mux, so the search stops at older ones instead of reading the whole account.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>The remembered asset; when status names none, the asset made for <paramref name="owner"/> before its creation was recorded.</summary>
    public async Task<Observed<Asset>> ReadOneAsync(string? assetId, VideoAsset owner, CancellationToken cancellationToken)
    {
        if (assetId is not null)
        {
            return await MuxLookup.ReadAsync(assetId, id => mux.GetAssetAsync(id, cancellationToken));
        }

        var found = await FindAsync(owner, cancellationToken);
        return found is null ? Observed.Absent<Asset>() : Observed.Found(found);
    }

    /// <summary>The newest asset whose passthrough is <paramref name="owner"/>'s uid, if any.</summary>
    public async Task<Asset?> FindAsync(VideoAsset owner, CancellationToken cancellationToken)
    {
        var uid = owner.Metadata.Uid;
        var since = (owner.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue) - ClockSkew;
        string? cursor = null;
        do
        {
            var page = await mux.ListAssetsAsync(cursor, PageSize, cancellationToken);
            if (page.Assets.FirstOrDefault(a => a.Passthrough == uid) is { } match)
            {
                return match;
            }

            if (page.Assets.Count == 0 || CreatedAt(page.Assets[^1]) < since)
            {
                return null;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return null;
    }

    public Task<Asset> CreateFromUrlAsync(string url, AssetSettings settings, CancellationToken cancellationToken) =>
        mux.CreateAssetAsync(settings with { Input = [new AssetInput(url)] }, cancellationToken);

    /// <summary>Deletes, treating "already gone" as done.</summary>
    public Task DeleteAsync(string assetId, CancellationToken cancellationToken) =>
        MuxLookup.DeleteAsync(() => mux.DeleteAssetAsync(assetId, cancellationToken));

    /// <summary>
    /// The asset's playback id of the policy the spec asks for, made if it has none; once it exists, ids of the other
    /// policy are deleted, so changing spec.playbackPolicy never leaves a moment with no way to play.
    /// </summary>
    public async Task<PlaybackId> EnsurePlaybackIdAsync(Asset asset, Api.VideoAssets.PlaybackPolicy policy, CancellationToken cancellationToken)
    {
        var wanted = PolicyOf(policy);
        var ids = asset.PlaybackIds ?? [];
        var playback = ids.FirstOrDefault(p => p.Policy == wanted)
            ?? await mux.CreatePlaybackIdAsync(asset.Id, wanted, cancellationToken);
        foreach (var other in ids.Where(p => p.Policy != wanted))
        {
            await MuxLookup.DeleteAsync(() => mux.DeletePlaybackIdAsync(asset.Id, other.Id, cancellationToken));
        }

        return playback;
    }

    /// <summary>What Mux found in the asset's input file (its container, its tracks' codecs); null when it reports no file.</summary>
    public async Task<InputFile?> ReadInputAsync(Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var inputs = await mux.GetAssetInputInfoAsync(asset.Id, cancellationToken);

        // An asset's first input is its media; later ones add subtitles or audio.
        return inputs.Select(i => i.File).FirstOrDefault(f => f is not null);
    }

    /// <summary>Brings the asset's Mux metadata (title, namespace/name) in line with the VideoAsset; true when it changed.</summary>
    public async Task<bool> EnsureMetaAsync(Asset asset, VideoAsset owner, CancellationToken cancellationToken)
    {
        var wanted = MetaFor(owner);
        if (asset.Meta?.Title == wanted.Title && asset.Meta?.ExternalId == wanted.ExternalId)
        {
            return false;
        }

        await mux.UpdateAssetAsync(asset.Id, new AssetUpdate { Meta = wanted }, cancellationToken);
        return true;
    }

    /// <summary>What a new asset is made with: the playback policy, quality, and what ties it to its VideoAsset.</summary>
    public static AssetSettings SettingsFor(VideoAsset asset, string? videoQuality) => new()
    {
        PlaybackPolicy = [PolicyOf(asset.Spec.PlaybackPolicy)],
        VideoQuality = videoQuality,
        Passthrough = asset.Metadata.Uid,
        Meta = MetaFor(asset),
    };

    private static AssetMeta MetaFor(VideoAsset asset) => new()
    {
        Title = Truncate(asset.Spec.Title, 512),
        ExternalId = Truncate($"{asset.Metadata.Namespace}/{asset.Metadata.Name}", 128),
    };

    public static string PolicyOf(Api.VideoAssets.PlaybackPolicy policy) =>
        policy == Api.VideoAssets.PlaybackPolicy.Signed ? MuxPlaybackPolicy.Signed : MuxPlaybackPolicy.Public;

    private static DateTimeOffset CreatedAt(Asset asset) =>
        long.TryParse(asset.CreatedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MaxValue;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
