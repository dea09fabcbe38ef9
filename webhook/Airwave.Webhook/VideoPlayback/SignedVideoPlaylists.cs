using System.Globalization;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Aws.CloudFront.Signing;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Webhook.Callbacks;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Keys;
using Airwave.Webhook.UploadPlayback;
using Amazon.S3;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.VideoPlayback;

/// <summary>
/// Plays a Signed VideoAsset on provider Aws in any HLS player: a caller allowed to get it asks <c>POST
/// /v1/playback-tokens</c> for a URL of its master playlist on this service, signed until a moment
/// (<see cref="PlaylistToken"/>). Each playlist is read from the video bucket and served with its renditions' playlists
/// as signed URLs of this service and its segments as CloudFront signed URLs (one custom policy over the source's HLS
/// folder, expiring with the token), so the media itself comes from the distribution, which serves nothing under the
/// signed key prefix unsigned. A new source of the asset ends the old source's URLs.
/// </summary>
public sealed class SignedVideoPlaylists(
    PlaylistKey playlistKeys,
    CloudFrontPlaybackKey cloudFrontKey,
    IAmazonS3 s3,
    Informer<VideoAssetTrigger.VideoAssetRef> assets,
    WebhookSettings settings,
    SignedVideoSettings videos,
    TimeProvider time)
{
    public const string PathPrefix = "/v1/videos";

    /// <summary>Where, in a source's folder, its HLS files are (the operator's layout).</summary>
    private const string HlsFolder = "hls";

    /// <summary>The answer to a token request for a Ready, Signed VideoAsset on provider Aws.</summary>
    public async Task<IResult> IssueAsync(VideoAssetTrigger.VideoAssetRef asset, DateTimeOffset expires, string? viewToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var (ns, name) = (asset.Metadata.Namespace!, asset.Metadata.Name!);
        if (asset.Status is not { AssetId: { } assetId, PlaybackUrl: { } playbackUrl } status || MasterOf(playbackUrl) is not { } master)
        {
            return Problem(StatusCodes.Status409Conflict, "Not ready", $"VideoAsset {ns}/{name} has no playlist yet.");
        }

        var (signing, refusal) = await SigningAsync(cancellationToken);
        if (signing is not { } ready)
        {
            return refusal!;
        }

        using var signer = ready.Signer;
        var signature = PlaylistToken.Sign(ready.PlaylistKey, ns, name, Scope(assetId), expires);
        return Results.Ok(new SignedVideoTokenAnswer(
            expires.ToUnixTimeSeconds(),
            PlaylistUrl(ready.PublicUrl, ns, name, master, expires, signature),
            status.ThumbnailUrl is { } thumbnail ? signer.SignUrl(thumbnail, new CloudFrontPolicy(thumbnail, expires)) : null,
            signer.Cookies(new CloudFrontPolicy($"{HlsFolderUrl(playbackUrl)}*", expires)),
            viewToken));
    }

    /// <summary><c>GET /v1/videos/{namespace}/{name}/{path}?expires=...&amp;signature=...</c>: a playlist of the asset's source, its URIs made playable.</summary>
    public async Task<IResult> ServeAsync(string ns, string name, string path, string? expiresText, string? signature, CancellationToken cancellationToken)
    {
        // The URL's own signature first (its key is kept once read): a request without one costs no Secret read.
        if (await playlistKeys.GetAsync(cancellationToken) is not { } playlistKey)
        {
            return PlaylistKey.Missing();
        }

        var asset = assets.Cache.Get(new ObjectKey(ns, name));
        var assetId = asset?.Status is { Provider: nameof(VideoProvider.Aws), PlaybackPolicy: nameof(PlaybackPolicy.Signed), AssetId: { } id } ? id : null;
        if (PlaylistToken.ParseExpiry(expiresText) is not { } expires || string.IsNullOrEmpty(signature) || assetId is null
            || !PlaylistToken.IsValid(playlistKey, ns, name, Scope(assetId), expires, signature, time.GetUtcNow()))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "This playlist URL is not signed, is signed for another video or source, or has expired: ask POST /v1/playback-tokens for a new one.");
        }

        var (signing, refusal) = await SigningAsync(cancellationToken);
        if (signing is not { } ready)
        {
            return refusal!;
        }

        using var signer = ready.Signer;

        var prefix = $"{settings.VideoUploads.SignedKeyPrefix}{assetId}/{HlsFolder}";
        var key = StoredPlaylist.Resolve(prefix, path);
        if (key is null || !key.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"{path} is not a playlist of VideoAsset {ns}/{name}.");
        }

        var (text, tooLarge) = await StoredPlaylist.ReadAsync(s3, ready.Bucket, key, settings.MaxPlaylistBytes, cancellationToken);
        if (tooLarge || text is null)
        {
            return tooLarge
                ? Problem(StatusCodes.Status413PayloadTooLarge, "Playlist too large", $"{path} of VideoAsset {ns}/{name} is larger than {settings.MaxPlaylistBytes} bytes, the most this service serves (webhook.maxPlaylistBytes).")
                : Problem(StatusCodes.Status404NotFound, "Not found", $"VideoAsset {ns}/{name} has no playlist {path}.");
        }

        // One signature covers every segment of the source: the policy's resource is its HLS folder on the distribution.
        var media = $"{ready.PlaybackBase}/{prefix}/";
        var query = signer.Query(new CloudFrontPolicy(media + "*", expires));
        var served = PlaylistRewriter.Rewrite(text, key, named => !StoredPlaylist.IsUnder(prefix, named) ? null
            : named.EndsWith(".m3u8", StringComparison.Ordinal) ? PlaylistUrl(ready.PublicUrl, ns, name, named[(prefix.Length + 1)..], expires, signature)
            : $"{media}{StoredPlaylist.EscapePath(named[(prefix.Length + 1)..])}?{query}");
        return new PlaylistResult(served);
    }

    /// <summary>What the playlist token names: a source of the asset (a '/' no upload session's id has).</summary>
    private static string Scope(string assetId) => $"video/{assetId}";

    /// <summary>The distribution's URL of the HLS folder, ending in '/', from the master playlist's URL the operator published.</summary>
    private static string HlsFolderUrl(string playbackUrl) => playbackUrl[..(playbackUrl.LastIndexOf($"/{HlsFolder}/", StringComparison.Ordinal) + HlsFolder.Length + 2)];

    /// <summary>The master playlist's path in the HLS folder, from the URL the operator published.</summary>
    private static string? MasterOf(string playbackUrl)
    {
        var at = playbackUrl.LastIndexOf($"/{HlsFolder}/", StringComparison.Ordinal);
        return at < 0 ? null : playbackUrl[(at + HlsFolder.Length + 2)..];
    }

    /// <summary>What signing needs, once this service has it all; else the refusal that says what is missing.</summary>
    private async Task<(Signing? Signing, IResult? Refusal)> SigningAsync(CancellationToken cancellationToken)
    {
        if (settings.PublicUrl is not { } publicUrl || videos.PlaybackBaseUrl is not { } playbackBase || settings.VideoUploads.Bucket is not { Length: > 0 } bucket)
        {
            return (null, Problem(StatusCodes.Status503ServiceUnavailable, "Not configured", "Signed videos on provider Aws play through this service's public URL (webhook.publicUrl) and the video distribution (config.videoAssets.aws.bucket and playbackBaseUrl), which this service has not been given."));
        }

        if (await playlistKeys.GetAsync(cancellationToken) is not { } playlistKey)
        {
            return (null, PlaylistKey.Missing());
        }

        if (await cloudFrontKey.SignerAsync(cancellationToken) is not { } signer)
        {
            return (null, CloudFrontPlaybackKey.Missing());
        }

        return (new Signing(signer, playlistKey, publicUrl, playbackBase.ToString().TrimEnd('/'), bucket), null);
    }

    private static string PlaylistUrl(Uri publicUrl, string ns, string name, string path, DateTimeOffset expires, string signature) =>
        $"{publicUrl.ToString().TrimEnd('/')}{PathPrefix}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}/{StoredPlaylist.EscapePath(path)}"
        + $"?expires={expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&signature={signature}";


    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <param name="PlaylistKey">The key this service's playlist URLs are signed with.</param>
    /// <param name="PlaybackBase">The distribution's URL, without a trailing '/'.</param>
    private sealed record Signing(CloudFrontSigner Signer, string PlaylistKey, Uri PublicUrl, string PlaybackBase, string Bucket);
}
