namespace Airwave.Api.LiveStreams;

/// <summary>
/// The Secret in the operator's namespace that private IVS channels' playback tokens are signed from: the private
/// half (ECDSA P-384, PEM) of the installation's IVS playback key pair. The operator makes it; the webhook service
/// signs with it.
/// </summary>
public static class IvsPlaybackKeySecret
{
    public const string Name = "airwave-ivs-playback-key";

    public const string PrivateKeyKey = "privateKey";
}
