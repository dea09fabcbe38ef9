using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Aws.Ivs;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using Airwave.Webhook.Admission;
using Airwave.Webhook.LivePlayback;
using Airwave.Webhook.UploadPlayback;
using k8s;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// A playback token for a LiveStream on a private IVS channel: signed with the installation's IVS playback key,
/// which the operator keeps in Secret <c>airwave-ivs-playback-key</c> of its namespace (this service's namespace).
/// For a stream with spec.playback.policy Signed, signed playback on the live distribution (<see cref="SignedLivePlaylists"/>).
/// For an S3Upload stream, a signed URL of its uploaded playlist on this service (<see cref="UploadPlaylists"/>); for a
/// private WebRtc stream, a viewer token for one WHEP session (<see cref="WebRtcViewerToken"/>). Each comes with the
/// view token that lets the player report its views.
/// </summary>
public static class LiveStreamPlaybackToken
{
    public static async Task<IResult> IssueAsync(KubernetesClient client, UploadPlaylists uploads, SignedLivePlaylists live, string ns, string name, DateTimeOffset expires, string? viewToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(live);
        var stream = await client.TryGetAsync<LiveStream>(SpecAdmission.LiveStreams, ns, name, cancellationToken);
        if (stream is null)
        {
            return PlaybackTokenEndpoint.Problem(StatusCodes.Status404NotFound, "Not found", $"There is no LiveStream {ns}/{name}.");
        }

        if (stream.Spec.Source.Type == SourceType.S3Upload)
        {
            return await uploads.IssueAsync(stream, expires, viewToken, cancellationToken);
        }

        if (stream.Spec.Playback.Policy == PlaybackPolicy.Signed)
        {
            return await live.IssueAsync(stream, expires, viewToken, cancellationToken);
        }

        if (stream.Spec.Source.Type == SourceType.WebRtc)
        {
            return await WebRtcViewerToken.IssueAsync(client, stream, expires, viewToken, cancellationToken);
        }

        if (stream.Status?.Ivs is not { ChannelArn: { } channelArn, PlaybackUrl: { } playbackUrl } ivs)
        {
            return PlaybackTokenEndpoint.Problem(StatusCodes.Status409Conflict, "No token needed", $"LiveStream {ns}/{name} has no IVS channel; tokens are minted for LiveStreams on private IVS channels (spec.source.chime.ivs.private), private WebRtc streams and S3Upload streams.");
        }

        if (!ivs.Private)
        {
            return PlaybackTokenEndpoint.Problem(StatusCodes.Status409Conflict, "No token needed", $"LiveStream {ns}/{name} plays publicly, without a token.");
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(IvsPlaybackKeySecret.Name, client.Namespace, cancellationToken: cancellationToken).OrNull();
        if (secret?.GetString(IvsPlaybackKeySecret.PrivateKeyKey) is not { } privateKey)
        {
            return PlaybackTokenEndpoint.Problem(StatusCodes.Status409Conflict, "No signing key", $"The operator has not made the IVS playback key (Secret {IvsPlaybackKeySecret.Name}) yet.");
        }

        using var signer = new IvsPlaybackTokenSigner(privateKey);
        var token = signer.Sign(channelArn, expires);
        return Results.Ok(new IvsTokenAnswer(channelArn, expires.ToUnixTimeSeconds(), PlaybackTokenEndpoint.WithToken(playbackUrl, token), token, viewToken));
    }
}
