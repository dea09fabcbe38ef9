using System.Security.Cryptography;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The Secret in the operator's namespace whose seed the installation's key provider derives every content key from
/// (256 random bits, base64): a stream's key for one rotation period is never stored, only this seed. The operator
/// makes it when it starts; the webhook service, which serves the keys, only reads it.
/// </summary>
public static class ContentKeySeedSecret
{
    public const string Name = "airwave-content-key-seed";

    public const string KeyField = "seed";

    /// <summary>A new seed.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
