using System.Security.Cryptography;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The Secret in the operator's namespace holding the token a caller of the installation's key provider (SPEKE) shows
/// in <see cref="Header"/>: the API Gateway in front of it adds the header to MediaPackage's requests, so only
/// requests that passed the gateway's IAM check get keys. The operator makes it when it starts unless the
/// administrators made it first; the webhook service only reads it.
/// </summary>
public static class SpekeCallerTokenSecret
{
    public const string Name = "airwave-speke-caller-token";

    public const string KeyField = "token";

    public const string Header = "X-Airwave-Speke-Token";

    /// <summary>A new token.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
