using System.Security.Cryptography;

namespace Airwave.Api.Common;

/// <summary>
/// The Secret in the operator's namespace whose key signs view tokens: what a player shows the webhook service to
/// report a view of a stream or video it may play only with a token (256 random bits, base64). The operator makes it
/// when it starts; the webhook service signs and checks with it, and only reads it.
/// </summary>
public static class ViewTokenKeySecret
{
    public const string Name = "airwave-view-token-key";

    public const string KeyField = "key";

    /// <summary>A new key.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
