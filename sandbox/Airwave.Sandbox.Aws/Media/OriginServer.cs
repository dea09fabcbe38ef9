using System.Globalization;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.CloudWatch;
using Airwave.Sandbox.Aws.MediaPackage;
using Airwave.Sandbox.Aws.MediaPackage.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// MediaPackage origin endpoints' playback URLs (<c>/out/v1/{hash}/index.m3u8</c> and its segments), on the
/// emulator's port: what a player (ffplay, hls.js) fetches, directly or through CloudFront's edge. Unsigned, as
/// origins are. An endpoint with encryption serves its segments AES-128 encrypted with keys from its key provider
/// (<see cref="EndpointKeys"/>) and names each key in its media playlists; without a key, nothing. What each answer
/// sent is published as the endpoint's EgressBytes, as MediaPackage publishes it to CloudWatch (by channel and origin
/// endpoint). An endpoint with CDN authorization answers only requests carrying its CDN identifier, 403 otherwise.
/// </summary>
internal sealed class OriginServer(MediaPackageStore store, LiveOrigins origins, EndpointKeys keys, MetricStore metrics, TimeProvider time)
{
    public const string PathPrefix = "/out/v1/";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(PathPrefix + "{hash}/{file}", (string hash, string file, HttpContext context) =>
            ServeAsync(hash, file, context, context.Request.Headers[CdnAuthorization.HeaderName].ToString()));

    /// <summary>
    /// One file of an endpoint: its playlist, or one of the segments the playlist still lists. A channel that encodes
    /// a ladder has a master playlist there, naming each rendition's media playlist (<c>index_1.m3u8</c> …) with the
    /// request's start-over span, as MediaPackage's do.
    /// </summary>
    /// <param name="cdnIdentifier">The request's CDN identifier header: a viewer's own, or the one CloudFront's origin adds.</param>
    public async Task<IResult> ServeAsync(string hash, string file, HttpContext context, string? cdnIdentifier)
    {
        // As MediaPackage's origins answer, so that players in web pages (hls.js) may fetch them.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (store.FindEndpointByPath($"{PathPrefix}{hash}/") is not { } endpoint)
        {
            return Results.NotFound();
        }
        if (endpoint.Authorization is { } authorization
            && (string.IsNullOrEmpty(cdnIdentifier) || store.CdnIdentifierOf(authorization) is not { } expected
                || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(cdnIdentifier), System.Text.Encoding.UTF8.GetBytes(expected))))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (endpoint.Origination == "DENY")
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (origins.SourceOf(endpoint.ChannelId) is not { } source || !File.Exists(source.PlaylistPath))
        {
            return Results.NotFound();
        }

        var manifest = endpoint.ManifestName ?? "index";
        var now = time.GetUtcNow();
        var (start, end) = ((string?)context.Request.Query["start"], (string?)context.Request.Query["end"]);
        var playlists = source.Variants.Count == 0 ? [source.Playlist] : source.Variants.Select(v => v.Playlist).ToList();
        var segments = new List<IReadOnlyList<OriginPlaylist.Segment>>();
        var segmentKeys = new List<IReadOnlyDictionary<long, ContentKey>?>();
        foreach (var playlist in playlists)
        {
            var list = await SegmentsAsync(Path.Combine(source.Directory, playlist), context.RequestAborted);
            segments.Add(list);
            if (endpoint.HlsPackage?.Encryption is { } encryption)
            {
                // Fail closed: an endpoint that has no key serves nothing rather than its segments in the clear.
                if (await keys.ForAsync(endpoint, encryption, OriginPlaylist.Retained(list, endpoint, now), context.RequestAborted) is not { } found)
                {
                    return Results.NotFound();
                }

                segmentKeys.Add(found);
            }
            else
            {
                segmentKeys.Add(null);
            }
        }

        var repeatKey = endpoint.HlsPackage?.Encryption?.RepeatExtXKey == true;
        if (file == $"{manifest}.m3u8")
        {
            // A master names its renditions once each has something to play, so that a player finds none empty.
            var media = segments.Select((list, i) => OriginPlaylist.Build(list, endpoint, now, start, end, segmentKeys[i], repeatKey)).ToList();
            return media.Any(m => m is null) ? Results.NotFound()
                : source.Variants.Count == 0 ? Playlist(endpoint, media[0]!)
                : Playlist(endpoint, OriginPlaylist.Master(source.Variants, manifest, context.Request.QueryString.Value));
        }

        if (source.Variants.Count > 0 && file.StartsWith(manifest + "_", StringComparison.Ordinal) && file.EndsWith(".m3u8", StringComparison.Ordinal)
            && int.TryParse(file.AsSpan(manifest.Length + 1, file.Length - manifest.Length - 1 - ".m3u8".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var variant)
            && variant >= 1 && variant <= segments.Count)
        {
            return OriginPlaylist.Build(segments[variant - 1], endpoint, now, start, end, segmentKeys[variant - 1], repeatKey) is { } media ? Playlist(endpoint, media) : Results.NotFound();
        }

        var path = Path.Combine(source.Directory, file);
        for (var i = 0; i < segments.Count; i++)
        {
            if (OriginPlaylist.Retained(segments[i], endpoint, now).FirstOrDefault(s => s.Uri == file) is { } segment && File.Exists(path))
            {
                var body = await File.ReadAllBytesAsync(path, context.RequestAborted);
                return Sent(endpoint, segmentKeys[i] is { } keyed ? SegmentCipher.Encrypt(body, keyed[segment.Sequence], segment.Sequence, endpoint.HlsPackage?.Encryption?.EncryptionMethod) : body, "video/MP2T");
            }
        }

        return Results.NotFound();
    }

    private IResult Playlist(OriginEndpoint endpoint, string text) => Sent(endpoint, System.Text.Encoding.UTF8.GetBytes(text), "application/x-mpegURL");

    private IResult Sent(OriginEndpoint endpoint, byte[] body, string contentType)
    {
        var dimensions = new Dictionary<string, string> { ["Channel"] = endpoint.ChannelId, ["OriginEndpoint"] = endpoint.Id };
        metrics.Record("AWS/MediaPackage", "EgressBytes", dimensions, time.GetUtcNow(), body.Length);
        return Results.Bytes(body, contentType);
    }

    /// <summary>The segments a media playlist lists; none before the encoder wrote it.</summary>
    private static async Task<IReadOnlyList<OriginPlaylist.Segment>> SegmentsAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? OriginPlaylist.Parse(await File.ReadAllTextAsync(path, cancellationToken), File.GetLastWriteTimeUtc(path)) : [];
}
