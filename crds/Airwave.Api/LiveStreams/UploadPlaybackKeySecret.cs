using System.Security.Cryptography;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The Secret in the operator's namespace whose key signs the playlist URLs of S3Upload streams played on request
/// (256 random bits, base64). The operator makes it when it starts; the webhook service only reads it, so its
/// internet-facing account needs no right to create Secrets.
/// </summary>
public static class UploadPlaybackKeySecret
{
    public const string Name = "airwave-upload-playback-key";

    public const string KeyField = "key";

    /// <summary>A new key.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
