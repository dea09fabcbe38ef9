using Airwave.Api.VideoAssets;
using Airwave.Aws.CloudFront.Signing;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using k8s;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.Keys;

/// <summary>
/// The CloudFront key the administrators give this service (Secret <see cref="CloudFrontPlaybackKeySecret.Name"/>) to
/// sign viewers' requests to the distributions: Signed videos, Signed live streams. Read at each use, so that a key
/// they rotate is used at once.
/// </summary>
public sealed class CloudFrontPlaybackKey(KubernetesClient client)
{
    /// <summary>A signer with the key; null while the Secret does not exist or lacks a field.</summary>
    public async Task<CloudFrontSigner?> SignerAsync(CancellationToken cancellationToken)
    {
        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(CloudFrontPlaybackKeySecret.Name, client.Namespace, cancellationToken: cancellationToken).OrNull();
        return secret?.GetString(CloudFrontPlaybackKeySecret.KeyPairIdField) is { Length: > 0 } keyPairId && secret.GetString(CloudFrontPlaybackKeySecret.PrivateKeyField) is { Length: > 0 } privateKey
            ? new CloudFrontSigner(keyPairId, privateKey)
            : null;
    }

    /// <summary>The refusal while there is no key.</summary>
    public static IResult Missing() =>
        Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No CloudFront signing key",
            detail: $"Secret {CloudFrontPlaybackKeySecret.Name} beside the webhook service, with {CloudFrontPlaybackKeySecret.KeyPairIdField} (the public key's id in CloudFront) and {CloudFrontPlaybackKeySecret.PrivateKeyField} (its RSA private key, PEM), does not exist: the administrators make it.");
}
