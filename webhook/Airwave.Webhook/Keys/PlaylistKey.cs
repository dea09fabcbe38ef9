using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.Keys;

/// <summary>The key this service's playlist URLs and content key grants are signed with (the upload playback key).</summary>
public sealed class PlaylistKey(KubernetesClient client) : InstallationKey(client, UploadPlaybackKeySecret.Name, UploadPlaybackKeySecret.KeyField)
{
    /// <summary>The refusal of a playlist while there is no key.</summary>
    public static IResult Missing() =>
        Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No upload playback key",
            detail: $"The playlist signing key (Secret {UploadPlaybackKeySecret.Name} beside the webhook service) does not exist yet: the operator makes it when it starts.");
}
