using System.Security.Cryptography;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Events;
using Airwave.Events.Kubernetes.Resources;
using Airwave.Events.Payloads;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Admission;
using Airwave.Webhook.Callbacks;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.Views;

/// <summary>
/// What a view may watch. A LiveStream or VideoAsset that plays publicly may be reported by anyone who can play it;
/// one that plays only with a token (a Signed VideoAsset, a private IVS or WebRtc stream, an S3Upload stream) needs
/// the view token handed out with the playback token, and without one answers 404 as a missing one does. An external
/// URL needs a page origin the installation lists.
/// </summary>
public sealed class ViewTargets(KubernetesClient client, ViewTokenKey keys, ViewSettings settings, TimeProvider time)
{
    /// <summary>The target, or the problem to answer with.</summary>
    public async Task<(ViewTarget? Target, IResult? Problem)> ResolveAsync(OpenViewRequest request, string? origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Url is { } url)
        {
            return External(url, origin);
        }

        if (request is not { Namespace: { Length: > 0 } ns, Name: { Length: > 0 } name })
        {
            return Refuse(StatusCodes.Status400BadRequest, "Malformed request", "Name what is watched: kind (LiveStream or VideoAsset), namespace and name, or the url of an external stream.");
        }

        if (request.Kind is not (ViewKinds.LiveStream or ViewKinds.VideoAsset))
        {
            return Refuse(StatusCodes.Status400BadRequest, "Malformed request", $"kind is {request.Kind ?? "missing"}; views are of a LiveStream or a VideoAsset (or an external url).");
        }

        var tokenHeld = false;
        if (request.ViewToken is { Length: > 0 } viewToken)
        {
            if (await TokenProblemAsync(request.Kind, ns, name, viewToken, cancellationToken) is { } problem)
            {
                return (null, problem);
            }

            tokenHeld = true;
        }

        return request.Kind == ViewKinds.LiveStream
            ? await LiveStreamAsync(ns, name, tokenHeld, cancellationToken)
            : await VideoAssetAsync(ns, name, tokenHeld, cancellationToken);
    }

    private async Task<(ViewTarget?, IResult?)> LiveStreamAsync(string ns, string name, bool tokenHeld, CancellationToken cancellationToken)
    {
        var stream = await client.TryGetAsync<LiveStream>(SpecAdmission.LiveStreams, ns, name, cancellationToken);
        var signed = stream is not null && (stream.Spec.Source.Type == SourceType.S3Upload || stream.Spec.Source.WebRtc?.Private == true || stream.Status?.Ivs?.Private == true);
        if (stream is null || (signed && !tokenHeld))
        {
            return NotFound(ViewKinds.LiveStream, ns, name);
        }

        var now = time.GetUtcNow();
        return (new ViewTarget(ViewKinds.LiveStream, LiveStreamPayloads.Subject(stream), LiveStreamPayloads.StreamData(stream, stream.Status, now), null, null), null);
    }

    private async Task<(ViewTarget?, IResult?)> VideoAssetAsync(string ns, string name, bool tokenHeld, CancellationToken cancellationToken)
    {
        var asset = await client.TryGetAsync<VideoAsset>(VideoAssetTrigger.VideoAssets, ns, name, cancellationToken);
        if (asset is null || (asset.Spec.PlaybackPolicy == PlaybackPolicy.Signed && !tokenHeld))
        {
            return NotFound(ViewKinds.VideoAsset, ns, name);
        }

        if (asset.Status?.Phase != VideoAssetPhase.Ready)
        {
            return Refuse(StatusCodes.Status409Conflict, "Not ready", $"VideoAsset {ns}/{name} is {asset.Status?.Phase?.ToString() ?? "Pending"}; views are of Ready videos.");
        }

        var video = VideoAssetPayloads.VideoData(asset, asset.Status);
        return (new ViewTarget(ViewKinds.VideoAsset, VideoAssetPayloads.Subject(asset), null, video, video.Duration), null);
    }

    /// <summary>
    /// Whether the view token is this object's; checked before the object is read, so that a stranger's guess learns
    /// nothing of what exists: without a token, an object that needs one answers as a missing one does.
    /// </summary>
    private async Task<IResult?> TokenProblemAsync(string kind, string ns, string name, string viewToken, CancellationToken cancellationToken)
    {
        if (await keys.BytesAsync(cancellationToken) is not { } key)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No view token key", detail: "The operator has not made the view token key yet: it makes it when it starts.");
        }

        return ViewToken.IsValid(key, viewToken, kind, ns, name, time.GetUtcNow())
            ? null
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid view token", detail: $"The viewToken is not one for {kind} {ns}/{name}, or it expired: ask for a new playback token.");
    }

    private static (ViewTarget?, IResult?) NotFound(string kind, string ns, string name) =>
        Refuse(StatusCodes.Status404NotFound, "Not found", $"There is no {kind} {ns}/{name} that plays without a token: one that plays only with a token needs the viewToken POST /v1/playback-tokens gives with it.");

    /// <summary>An external stream: the page's origin must be listed, and the URL an absolute http(s) one.</summary>
    private (ViewTarget?, IResult?) External(string url, string? origin)
    {
        if (string.IsNullOrEmpty(origin) || !settings.ExternalOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status403Forbidden, "External views not allowed", $"Views of external streams are taken only from the pages listed in Webhook:Views:ExternalOrigins; this request's Origin is {(string.IsNullOrEmpty(origin) ? "missing" : origin)}.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2048)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Malformed request", "url must be an absolute http or https URL of at most 2048 characters.");
        }

        // An external stream has no uid: one is derived from its URL, so its views share an id across replicas.
        var id = "external-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri.AbsoluteUri)).AsSpan(0, 16));
        var site = new Uri(origin).Host;
        var details = ExternalStreamDetails.For(id, uri.AbsoluteUri, uri, status: null, time.GetUtcNow());
        var stream = new StreamMetadata { StreamId = id, Name = uri.AbsoluteUri, Namespace = site, ExternalStream = details };
        return (new ViewTarget(ViewKinds.External, new ResourceReference("", "external-streams", site, uri.AbsoluteUri, id) { Source = uri.AbsoluteUri }, stream, null, null), null);
    }

    private static (ViewTarget?, IResult?) Refuse(int status, string title, string detail) =>
        (null, Results.Problem(statusCode: status, title: title, detail: detail));
}
