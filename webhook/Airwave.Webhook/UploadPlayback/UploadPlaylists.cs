using System.Globalization;
using Airwave.Api.LiveStreams;
using Airwave.Aws.S3;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Admission;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Keys;
using Amazon.S3;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>
/// Plays an S3Upload stream's uploaded HLS without AWS credentials and without opening the archive bucket: a caller
/// allowed to get the stream asks <c>POST /v1/playback-tokens</c> for a URL of its latest session's playlist on this
/// service, signed until a moment (<see cref="PlaylistToken"/>). Each time a player fetches it, the playlist is
/// read from the bucket and served with its segments as presigned S3 URLs that expire with it (variant playlists as
/// signed URLs of this service), so a live session keeps moving and the media itself comes straight from S3.
/// </summary>
public sealed class UploadPlaylists(KubernetesClient client, PlaylistKey keys, IAmazonS3 s3, S3Presigner presigner, WebhookSettings settings, TimeProvider time)
{
    public const string PathPrefix = "/v1/uploads";


    private static IResult NoPublicUrl() => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No public URL", detail: "This webhook service has no public URL (webhook.publicUrl) to serve uploaded playlists at.");

    /// <summary>The answer to a token request for an S3Upload stream: its latest session's playlist, signed until <paramref name="expires"/>.</summary>
    public async Task<IResult> IssueAsync(LiveStream stream, DateTimeOffset expires, string? viewToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (ns, name) = (stream.Metadata.Namespace!, stream.Metadata.Name!);
        if (settings.PublicUrl is not { } publicUrl)
        {
            return NoPublicUrl();
        }

        if (stream.Status?.Sessions.LastOrDefault(s => s.ArchivePath is not null) is not { } session)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not started", detail: $"LiveStream {ns}/{name} has no session yet: the app uploads once it runs.");
        }

        if (await keys.GetAsync(cancellationToken) is not { } key)
        {
            return PlaylistKey.Missing();
        }

        var playlist = stream.Spec.Source.S3Upload?.Playlist ?? new S3UploadSource().Playlist;
        var signature = PlaylistToken.Sign(key, ns, name, session.Id, expires);
        return Results.Ok(new UploadTokenAnswer(session.Id, expires.ToUnixTimeSeconds(), PlaylistUrl(publicUrl, ns, name, session.Id, playlist, expires, signature), viewToken));
    }

    /// <summary><c>GET /v1/uploads/{namespace}/{name}/{session}/{path}?expires=...&amp;signature=...</c>: a playlist of the session, its URIs made playable.</summary>
    public async Task<IResult> ServeAsync(string ns, string name, string sessionId, string path, string? expiresText, string? signature, CancellationToken cancellationToken)
    {
        if (await keys.GetAsync(cancellationToken) is not { } signingKey)
        {
            return PlaylistKey.Missing();
        }

        if (PlaylistToken.ParseExpiry(expiresText) is not { } expires || string.IsNullOrEmpty(signature)
            || !PlaylistToken.IsValid(signingKey, ns, name, sessionId, expires, signature, time.GetUtcNow()))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This playlist URL is not signed, is signed for another session, or has expired: ask POST /v1/playback-tokens for a new one.");
        }

        if (settings.PublicUrl is not { } publicUrl)
        {
            return NoPublicUrl();
        }

        var stream = await client.TryGetAsync<LiveStream>(SpecAdmission.LiveStreams, ns, name, cancellationToken);
        if (stream?.Status?.Sessions.FirstOrDefault(s => s.Id == sessionId) is not { ArchivePath: { } archivePath })
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"LiveStream {ns}/{name} has no session {sessionId}.");
        }

        var (bucket, archiveKey) = S3Path.Parse(archivePath)!;
        var prefix = archiveKey.TrimEnd('/');
        var key = StoredPlaylist.Resolve(prefix, path);
        if (key is null || !key.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{path} is not a playlist of session {sessionId}.");
        }

        var (text, tooLarge) = await StoredPlaylist.ReadAsync(s3, bucket, key, settings.MaxPlaylistBytes, cancellationToken);
        if (tooLarge)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Playlist too large", detail: $"{path} of session {sessionId} is larger than {settings.MaxPlaylistBytes} bytes, the most this service serves (webhook.maxPlaylistBytes).");
        }

        if (text is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not uploaded", detail: $"The app has not uploaded {path} to session {sessionId} (yet).");
        }

        // Each URI is linked as its own object: presigning is a local computation, so a long playlist costs no requests.
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var named in StoredPlaylist.Named(text, key))
        {
            if (StoredPlaylist.IsUnder(prefix, named) && !links.ContainsKey(named))
            {
                links[named] = named.EndsWith(".m3u8", StringComparison.Ordinal)
                    ? PlaylistUrl(publicUrl, ns, name, sessionId, named[(prefix.Length + 1)..], expires, signature)
                    : (await presigner.PresignAsync(bucket, named, HttpVerb.GET, expires, cancellationToken)).Url;
            }
        }

        var served = PlaylistRewriter.Rewrite(text, key, named => links.GetValueOrDefault(named));
        return new PlaylistResult(served);
    }

    private static string PlaylistUrl(Uri publicUrl, string ns, string name, string session, string path, DateTimeOffset expires, string signature) =>
        $"{publicUrl.ToString().TrimEnd('/')}{PathPrefix}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(session)}/{StoredPlaylist.EscapePath(path)}"
        + $"?expires={expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&signature={signature}";
}
