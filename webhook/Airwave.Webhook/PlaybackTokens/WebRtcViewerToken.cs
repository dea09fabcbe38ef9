using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Hosting.Tokens;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// A viewer token for a private WebRtc stream: one WHEP session at the stream's WHEP URL, before it expires. Signed
/// with the key the operator keeps in Secret <c>airwave-webrtc-viewer-key</c> of its namespace (this service's), which
/// the signaling service derives itself (<see cref="WebRtcViewerKeySecret"/>) and checks.
/// </summary>
public static class WebRtcViewerToken
{
    public static async Task<IResult> IssueAsync(KubernetesClient client, LiveStream stream, DateTimeOffset expires, string? viewToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(stream);
        var id = $"{stream.Metadata.Namespace}/{stream.Metadata.Name}";
        if (stream.Spec.Source.WebRtc?.Private != true)
        {
            return PlaybackTokenEndpoint.Problem(StatusCodes.Status409Conflict, "No token needed", $"LiveStream {id} is watched publicly, without a token (spec.source.webRtc.private is not set).");
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(WebRtcViewerKeySecret.Name, client.Namespace, cancellationToken: cancellationToken).OrNull();
        if (secret?.GetString(WebRtcViewerKeySecret.KeyField) is not { Length: > 0 } key)
        {
            return PlaybackTokenEndpoint.Problem(StatusCodes.Status409Conflict, "No signing key", $"The operator has not made the WebRtc viewer key (Secret {WebRtcViewerKeySecret.Name}) yet: it makes it when it starts with its SFU broadcast key (the chart's sfu.broadcastKeySecret).");
        }

        var token = Hs256Jwt.Sign(
            new JsonObject
            {
                ["aud"] = id,
                ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ["exp"] = expires.ToUnixTimeSeconds(),
            },
            Convert.FromBase64String(key));
        return Results.Ok(new WhepTokenAnswer(stream.Status?.Playback?.WhepUrl, expires.ToUnixTimeSeconds(), token, viewToken));
    }
}
