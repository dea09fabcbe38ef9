namespace Airwave.Api.VideoAssets;

/// <summary>
/// The Secret each namespace's signed playback is signed from (named in a VideoAsset's status.signingKeySecretRef):
/// the Mux signing key's id and private key, under the names apps read them by.
/// </summary>
public static class PlaybackSigningSecret
{
    public const string Name = "airwave-mux-signing-key";

    /// <summary>The signing key's id, the tokens' `kid`.</summary>
    public const string KeyIdKey = "VIDEO_SIGNING_KEY";

    /// <summary>The private key, base64 of a PEM, as Mux gives it.</summary>
    public const string PrivateKeyKey = "VIDEO_PRIVATE_KEY";

    /// <summary>Set it on the Secret, to any new value, to have the key replaced.</summary>
    public const string RotateAnnotation = "media.airwave.dev/rotate";

    /// <summary>The value of <see cref="RotateAnnotation"/> the current key answered.</summary>
    public const string RotatedAnnotation = "media.airwave.dev/rotated";
}
