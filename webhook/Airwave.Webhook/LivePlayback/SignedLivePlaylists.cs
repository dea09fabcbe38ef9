using System.Globalization;
using System.Net;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Aws.CloudFront.Signing;
using Airwave.Hosting;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Admission;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.ContentKeys;
using Airwave.Webhook.Keys;
using Airwave.Webhook.UploadPlayback;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.LivePlayback;

/// <summary>
/// Plays a LiveStream with spec.playback.policy Signed, which the live distribution serves only to requests signed
/// with the installation's CloudFront key. A caller allowed to get the stream asks <c>POST /v1/playback-tokens</c> and
/// gets, until a moment: CloudFront's signed cookies over the stream's folder on the distribution (for a page on a
/// domain that shares cookies with it), and a URL of its master playlist on this service (any HLS player, any page).
/// Each time a player fetches a playlist there, it is read from the distribution and served with its renditions'
/// playlists as signed URLs of this service, its segments as CloudFront signed URLs of the distribution (one custom
/// policy over the folder), and its key URLs with a grant for the stream's keys (<see cref="KeyGrant"/>).
/// </summary>
public sealed class SignedLivePlaylists(
    KubernetesClient client,
    HttpClient http,
    PlaylistKey playlistKeys,
    CloudFrontPlaybackKey cloudFrontKey,
    WebhookSettings settings,
    TimeProvider time)
{
    public const string PathPrefix = "/v1/live";

    /// <summary>The answer to a token request for a Signed stream on the live distribution.</summary>
    public async Task<IResult> IssueAsync(LiveStream stream, DateTimeOffset expires, string? viewToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (ns, name) = (stream.Metadata.Namespace!, stream.Metadata.Name!);
        if (Place(stream) is not { } place)
        {
            return Problem(StatusCodes.Status409Conflict, "Not live", $"LiveStream {ns}/{name} is not on the live distribution yet (its Live condition says why); tokens are minted once it is.");
        }

        if (settings.PublicUrl is not { } publicUrl)
        {
            return NoPublicUrl();
        }

        if (await playlistKeys.GetAsync(cancellationToken) is not { } playlistKey)
        {
            return PlaylistKey.Missing();
        }

        using var signer = await cloudFrontKey.SignerAsync(cancellationToken);
        if (signer is null)
        {
            return CloudFrontPlaybackKey.Missing();
        }

        var signature = PlaylistToken.Sign(playlistKey, ns, name, Scope(stream), expires);
        return Results.Ok(new SignedLiveTokenAnswer(
            expires.ToUnixTimeSeconds(),
            PlaylistUrl(publicUrl, ns, name, place.Playlist, expires, signature),
            signer.Cookies(new CloudFrontPolicy($"{place.Folder}*", expires)),
            ContentId(stream) is { } contentId ? KeyGrant.Query(playlistKey, contentId, expires) : null,
            viewToken));
    }

    /// <summary><c>GET /v1/live/{namespace}/{name}/{path}?expires=...&amp;signature=...</c>: a playlist of the stream, its URIs made playable.</summary>
    public async Task<IResult> ServeAsync(string ns, string name, string path, string? expiresText, string? signature, CancellationToken cancellationToken)
    {
        if (await playlistKeys.GetAsync(cancellationToken) is not { } playlistKey)
        {
            return PlaylistKey.Missing();
        }

        // Refused before anything is read from the API server, so that an unsigned request costs nothing.
        if (PlaylistToken.ParseExpiry(expiresText) is not { } expires || string.IsNullOrEmpty(signature))
        {
            return Forbidden();
        }

        var stream = await client.TryGetAsync<LiveStream>(SpecAdmission.LiveStreams, ns, name, cancellationToken);
        if (stream is null || !PlaylistToken.IsValid(playlistKey, ns, name, Scope(stream), expires, signature, time.GetUtcNow()))
        {
            return Forbidden();
        }

        if (Place(stream) is not { } place)
        {
            return Problem(StatusCodes.Status404NotFound, "Not live", $"LiveStream {ns}/{name} is not on the live distribution.");
        }

        if (settings.PublicUrl is not { } publicUrl)
        {
            return NoPublicUrl();
        }

        var key = StoredPlaylist.Resolve(place.Prefix, path);
        if (key is null || !key.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"{path} is not a playlist of LiveStream {ns}/{name}.");
        }

        using var signer = await cloudFrontKey.SignerAsync(cancellationToken);
        if (signer is null)
        {
            return CloudFrontPlaybackKey.Missing();
        }

        // One signature covers every segment of the stream: the policy's resource is its folder on the distribution.
        var query = signer.Query(new CloudFrontPolicy($"{place.Folder}*", expires));
        var (text, status) = await ReadAsync($"{place.Origin}/{StoredPlaylist.EscapePath(key)}?{query}", cancellationToken);
        if (text is null)
        {
            return status switch
            {
                HttpStatusCode.RequestEntityTooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Playlist too large", $"{path} of LiveStream {ns}/{name} is larger than {settings.MaxPlaylistBytes} bytes, the most this service serves (webhook.maxPlaylistBytes)."),
                HttpStatusCode.NotFound or HttpStatusCode.Forbidden => Problem(StatusCodes.Status404NotFound, "Not found", $"LiveStream {ns}/{name} serves no playlist {path} now."),
                _ => Problem(StatusCodes.Status502BadGateway, "Distribution unavailable", $"The live distribution answered {(int)status} for {path} of LiveStream {ns}/{name}."),
            };
        }

        var keyGrant = ContentId(stream) is { } contentId
            ? (Prefix: SpekeEndpoints.KeyFolder(publicUrl, contentId).AbsoluteUri, Query: KeyGrant.Query(playlistKey, contentId, expires))
            : default;
        var served = PlaylistRewriter.Rewrite(
            text,
            key,
            named => !StoredPlaylist.IsUnder(place.Prefix, named) ? null
                : named.EndsWith(".m3u8", StringComparison.Ordinal) ? PlaylistUrl(publicUrl, ns, name, named[(place.Prefix.Length + 1)..], expires, signature)
                : $"{place.Origin}/{StoredPlaylist.EscapePath(named)}?{query}",
            absolute => keyGrant.Prefix is { } keys && absolute.AbsoluteUri.StartsWith(keys, StringComparison.Ordinal) && absolute.Query.Length == 0
                ? $"{absolute.AbsoluteUri}?{keyGrant.Query}"
                : null);
        return new PlaylistResult(served);
    }

    /// <summary>What the playlist token names: the stream itself (a '/' no upload session's id has); a stream made again is another.</summary>
    private static string Scope(LiveStream stream) => $"live/{stream.Metadata.Uid}";

    /// <summary>The content id the stream's keys are under while Signed; null for a stream not yet packaged.</summary>
    private static string? ContentId(LiveStream stream) =>
        stream.Status?.Aws?.PackageEndpointId is { } endpointId ? StreamContentId.Of(endpointId, PlaybackPolicy.Signed) : null;

    /// <summary>Where the stream is on the live distribution, from its status.playback.liveUrl; null while it is not.</summary>
    private static LivePlace? Place(LiveStream stream)
    {
        if (stream.Status?.Playback?.LiveUrl is not { } liveUrl || !Uri.TryCreate(liveUrl, UriKind.Absolute, out var url))
        {
            return null;
        }

        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/');
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? null : new LivePlace(url.GetLeftPart(UriPartial.Authority), path[..slash], path[(slash + 1)..]);
    }

    /// <summary>The playlist's text, at most <see cref="WebhookSettings.MaxPlaylistBytes"/>; else null and why.</summary>
    private async Task<(string? Text, HttpStatusCode Status)> ReadAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, response.StatusCode);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var bytes = response.Content.Headers.ContentLength > settings.MaxPlaylistBytes ? null : await BoundedBody.ReadAsync(body, settings.MaxPlaylistBytes, cancellationToken);
            return bytes is null ? (null, HttpStatusCode.RequestEntityTooLarge) : (System.Text.Encoding.UTF8.GetString(bytes.Value.Span).TrimStart('\uFEFF'), HttpStatusCode.OK);
        }
        catch (HttpRequestException)
        {
            return (null, HttpStatusCode.BadGateway);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, HttpStatusCode.GatewayTimeout);
        }
    }

    private static string PlaylistUrl(Uri publicUrl, string ns, string name, string path, DateTimeOffset expires, string signature) =>
        $"{publicUrl.ToString().TrimEnd('/')}{PathPrefix}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}/{StoredPlaylist.EscapePath(path)}"
        + $"?expires={expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&signature={signature}";

    private static IResult Forbidden() =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", "This playlist URL is not signed, is signed for another stream, or has expired: ask POST /v1/playback-tokens for a new one.");

    private static IResult NoPublicUrl() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "No public URL", "Signed live streams play through this service's public URL (webhook.publicUrl), which it has not been given.");


    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <param name="Origin">The distribution's scheme and authority.</param>
    /// <param name="Prefix">The stream's folder on it, without slashes at either end.</param>
    /// <param name="Playlist">The master playlist's name in the folder.</param>
    private sealed record LivePlace(string Origin, string Prefix, string Playlist)
    {
        /// <summary>The folder's URL, ending in '/'.</summary>
        public string Folder => $"{Origin}/{StoredPlaylist.EscapePath(Prefix)}/";
    }
}
