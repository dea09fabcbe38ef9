using System.Text.Json.Nodes;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Sandbox.Aws;

namespace Airwave.Sandbox;

/// <summary>
/// The CloudFront key that Signed videos on provider Aws and Signed live streams play with, given to the webhook
/// service as a platform team gives it: the emulator's playback signing key, whose key group the video distribution
/// and the operator's Signed streams on the live distribution trust, in the Secret beside the service.
/// </summary>
internal static class PlaybackSigningKey
{
    private const string FieldManager = "airwave-sandbox";

    public static async Task InstallAsync(KubernetesClient client, AwsEmulator aws, CancellationToken cancellationToken)
    {
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = CloudFrontPlaybackKeySecret.Name, ["namespace"] = client.Namespace },
            ["stringData"] = new JsonObject
            {
                [CloudFrontPlaybackKeySecret.KeyPairIdField] = aws.Options.PlaybackKeyPairId,
                [CloudFrontPlaybackKeySecret.PrivateKeyField] = aws.Options.PlaybackSigningKey.ExportRSAPrivateKeyPem(),
            },
        };
        await client.PatchAsync<PartialObjectMetadata>(ResourceType.Secrets, client.Namespace, CloudFrontPlaybackKeySecret.Name, KubernetesPatch.Apply(secret, FieldManager, force: true), cancellationToken);
    }
}
