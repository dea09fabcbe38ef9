using System.Globalization;
using System.Text.Json;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Hosting;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Secrets;
using Airwave.Mux.Playback;
using Airwave.Webhook.Callbacks;
using Airwave.Webhook.LivePlayback;
using Airwave.Webhook.UploadPlayback;
using Airwave.Webhook.VideoPlayback;
using Airwave.Webhook.Views;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// `POST /v1/playback-tokens`: short-lived playback, thumbnail and storyboard tokens for a Ready, Signed VideoAsset,
/// signed with the installation's key, which only this service and the operator hold (on provider Aws, signed URLs,
/// see <see cref="SignedVideoPlaylists"/>) (or, with kind LiveStream, a playback token for a private IVS stream, signed
/// playback of a Signed stream or a signed URL of an S3Upload stream's playlist, see <see cref="LiveStreamPlaybackToken"/>), for a caller whose Kubernetes bearer token the API server accepts and who
/// may `get` that object. Every refusal is a problem+json body.
/// </summary>
public static class PlaybackTokenEndpoint
{
    public const string Path = "/v1/playback-tokens";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, int maxBodyBytes) =>
        endpoints.MapPost(Path, async (HttpRequest request, CallerReview callers, PlaybackTokenLimiter limiter, Informer<VideoAssetTrigger.VideoAssetRef> assets, KubernetesClient client, UploadPlaylists uploads, SignedLivePlaylists live, SignedVideoPlaylists videos, ViewTokenKey viewKeys, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var (caller, refusal) = await callers.AdmitAsync(request, limiter, "token requests", cancellationToken);
            if (caller is null)
            {
                return refusal!;
            }

            using var body = await BoundedBody.ReadAsync(request, maxBodyBytes, cancellationToken);
            if (body is null)
            {
                return BoundedBody.TooLarge("Token request", maxBodyBytes);
            }

            PlaybackTokenRequest? asked;
            try
            {
                asked = JsonSerializer.Deserialize(body.Memory.Span, PlaybackTokenJson.Default.PlaybackTokenRequest);
            }
            catch (JsonException e)
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed request", $"The body is not a token request: {e.Message}");
            }

            var kind = asked?.Kind ?? "VideoAsset";
            if (kind is not ("VideoAsset" or "LiveStream"))
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed request", $"kind is {kind}; tokens are minted for VideoAsset (the default) and LiveStream.");
            }

            if (asked is not { Namespace: { Length: > 0 } ns, Name: { Length: > 0 } name })
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed request", $"The body names no {kind}: give its namespace and name.");
            }

            var seconds = asked.ExpiresInSeconds ?? PlaybackTokenRequest.DefaultExpiresInSeconds;
            if (seconds is < 1 or > PlaybackTokenRequest.MaxExpiresInSeconds)
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed request", $"expiresInSeconds must be between 1 and {PlaybackTokenRequest.MaxExpiresInSeconds}.");
            }

            if (kind == "LiveStream")
            {
                if (!await callers.MayAsync(caller, "get", ApiGroup.Name, "livestreams", ns, name, cancellationToken))
                {
                    return Problem(StatusCodes.Status403Forbidden, "Forbidden", $"{caller.Username} may not get livestreams/{name} in namespace {ns}.");
                }

                var until = time.GetUtcNow().AddSeconds(seconds);
                var streamViewToken = await ViewTokenAsync(viewKeys, ViewKinds.LiveStream, ns, name, until, cancellationToken);
                return await LiveStreamPlaybackToken.IssueAsync(client, uploads, live, ns, name, until, streamViewToken, cancellationToken);
            }

            if (!await callers.MayAsync(caller, "get", ApiGroup.Name, "videoassets", ns, name, cancellationToken))
            {
                return Problem(StatusCodes.Status403Forbidden, "Forbidden", $"{caller.Username} may not get videoassets/{name} in namespace {ns}.");
            }

            var asset = assets.Cache.Get(new ObjectKey(ns, name));
            if (asset is null)
            {
                return Problem(StatusCodes.Status404NotFound, "Not found", $"There is no VideoAsset {ns}/{name}.");
            }

            if (asset.Status?.Provider == nameof(VideoProvider.Aws))
            {
                return await AwsVideoTokenAsync(asset, videos, viewKeys, time.GetUtcNow().AddSeconds(seconds), cancellationToken);
            }

            if (asset.Spec?.PlaybackPolicy != nameof(PlaybackPolicy.Signed))
            {
                return Problem(StatusCodes.Status409Conflict, "No token needed", $"VideoAsset {ns}/{name} plays publicly, without a token.");
            }

            if (asset.Status is not { Phase: nameof(VideoAssetPhase.Ready), PlaybackId: { } playbackId, PlaybackUrl: { } playbackUrl })
            {
                return Problem(StatusCodes.Status409Conflict, "Not ready", $"VideoAsset {ns}/{name} is {asset.Status?.Phase ?? "Pending"}; tokens are minted for Ready assets.");
            }

            var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(PlaybackSigningSecret.Name, client.Namespace, cancellationToken: cancellationToken).OrNull();
            if (secret?.GetString(PlaybackSigningSecret.KeyIdKey) is not { } keyId || secret.GetString(PlaybackSigningSecret.PrivateKeyKey) is not { } privateKey)
            {
                return Problem(StatusCodes.Status409Conflict, "No signing key", $"The operator has not made the signing key (Secret {PlaybackSigningSecret.Name}) yet.");
            }

            var expires = time.GetUtcNow().AddSeconds(seconds);
            using var signer = new PlaybackTokenSigner(keyId, privateKey);
            var video = signer.Sign(playbackId, PlaybackAudience.Video, expires);
            var thumbnail = signer.Sign(playbackId, PlaybackAudience.Thumbnail, expires, ThumbnailClaims(asked.Thumbnail));
            var storyboard = signer.Sign(playbackId, PlaybackAudience.Storyboard, expires);
            return Results.Ok(new MuxVideoTokenAnswer(
                playbackId,
                expires.ToUnixTimeSeconds(),
                WithToken(playbackUrl, video),
                asset.Status.ThumbnailUrl is { } thumbnailUrl ? WithToken(thumbnailUrl, thumbnail) : null,
                new MuxVideoTokens(video, thumbnail, storyboard),
                await ViewTokenAsync(viewKeys, ViewKinds.VideoAsset, ns, name, expires, cancellationToken)));
        });

    /// <summary>A token for a video on provider Aws, which plays signed when its files are stored for Signed playback.</summary>
    private static async Task<IResult> AwsVideoTokenAsync(VideoAssetTrigger.VideoAssetRef asset, SignedVideoPlaylists videos, ViewTokenKey viewKeys, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var (ns, name) = (asset.Metadata.Namespace!, asset.Metadata.Name!);
        if (asset.Status?.PlaybackPolicy != nameof(PlaybackPolicy.Signed))
        {
            return Problem(StatusCodes.Status409Conflict, "No token needed", $"VideoAsset {ns}/{name} plays publicly, without a token.");
        }

        if (asset.Status.Phase != nameof(VideoAssetPhase.Ready))
        {
            return Problem(StatusCodes.Status409Conflict, "Not ready", $"VideoAsset {ns}/{name} is {asset.Status.Phase ?? "Pending"}; tokens are minted for Ready assets.");
        }

        return await videos.IssueAsync(asset, expires, await ViewTokenAsync(viewKeys, ViewKinds.VideoAsset, ns, name, expires, cancellationToken), cancellationToken);
    }

    /// <summary>What lets the player report its views (POST /v1/views); absent while the operator has not made the key.</summary>
    private static async Task<string?> ViewTokenAsync(ViewTokenKey keys, string kind, string ns, string name, DateTimeOffset expires, CancellationToken cancellationToken) =>
        await keys.BytesAsync(cancellationToken) is { } key ? ViewToken.Sign(key, kind, ns, name, expires) : null;

    private static Dictionary<string, string> ThumbnailClaims(ThumbnailParameters? thumbnail)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (thumbnail?.Width is { } width)
        {
            claims["width"] = width.ToString(CultureInfo.InvariantCulture);
        }

        if (thumbnail?.Height is { } height)
        {
            claims["height"] = height.ToString(CultureInfo.InvariantCulture);
        }

        if (thumbnail?.Time is { } at)
        {
            claims["time"] = at.ToString(CultureInfo.InvariantCulture);
        }

        return claims;
    }

    internal static string WithToken(string url, string token) => $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}token={token}";

    internal static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
