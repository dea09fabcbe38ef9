using System.Text.Json.Nodes;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Sandbox.Aws;

namespace Airwave.Sandbox;

/// <summary>
/// The CloudFront key that Signed videos on provider Aws play with, given to the webhook service as a platform team
/// gives it: the emulator's video signing key, whose public key the video distribution trusts, in the Secret beside the
/// service.
/// </summary>
internal static class SignedVideoKey
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
                [CloudFrontPlaybackKeySecret.KeyPairIdField] = aws.Options.VideoKeyPairId,
                [CloudFrontPlaybackKeySecret.PrivateKeyField] = aws.Options.VideoSigningKey.ExportRSAPrivateKeyPem(),
            },
        };
        await client.PatchAsync<AppliedObject>(ResourceType.Secrets, client.Namespace, CloudFrontPlaybackKeySecret.Name, KubernetesPatch.Apply(secret, FieldManager, force: true), cancellationToken);
    }
}
