namespace Airwave.Api.VideoAssets;

/// <summary>
/// The Secret in the operator's namespace with the key that signs playback of Signed videos on provider Aws and of
/// LiveStreams with spec.playback.policy Signed: the id CloudFront gave its public key, and its RSA private key in PEM.
/// The public key is in a key group that the video distribution's cache behavior for the signed key prefix trusts, and
/// that the operator names on Signed streams' behaviors of the live distribution (playbackKeyGroupId). The webhook
/// service only reads it.
/// </summary>
public static class CloudFrontPlaybackKeySecret
{
    public const string Name = "airwave-cloudfront-playback-key";

    public const string KeyPairIdField = "keyPairId";

    public const string PrivateKeyField = "privateKey";
}
