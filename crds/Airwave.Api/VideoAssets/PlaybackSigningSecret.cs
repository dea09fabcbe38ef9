namespace Airwave.Api.VideoAssets;

/// <summary>
/// The Secret in the operator's namespace that Signed VideoAssets' playback tokens are signed from: the Mux signing
/// key's id and private key. The operator makes it; the webhook service reads it to answer `POST /v1/playback-tokens`.
/// It never sits in a tenant's namespace: a Mux signing key is valid for the whole Mux environment, so whoever holds
/// it could sign tokens for every namespace's videos.
/// </summary>
public static class PlaybackSigningSecret
{
    public const string Name = "airwave-mux-playback-key";

    /// <summary>The signing key's id, the tokens' `kid`.</summary>
    public const string KeyIdKey = "VIDEO_SIGNING_KEY";

    /// <summary>The private key, base64 of a PEM, as Mux gives it.</summary>
    public const string PrivateKeyKey = "VIDEO_PRIVATE_KEY";

    /// <summary>Set it on the Secret, to any new value, to have the key replaced.</summary>
    public const string RotateAnnotation = "media.airwave.dev/rotate";

    /// <summary>The value of <see cref="RotateAnnotation"/> the current key answered.</summary>
    public const string RotatedAnnotation = "media.airwave.dev/rotated";

    /// <summary>
    /// The id of the key the operator made at Mux, its record of what it may delete there: a rotation deletes the old
    /// key only when it is this one (never a key it was given).
    /// </summary>
    public const string CreatedKeyAnnotation = "media.airwave.dev/created-key";

    /// <summary>
    /// Where earlier versions kept one signing key per namespace, in the namespace itself; the operator deletes these
    /// Secrets (those labelled as Airwave's) when it next looks at a Signed VideoAsset of the namespace.
    /// </summary>
    public const string LegacyName = "airwave-mux-signing-key";
}
