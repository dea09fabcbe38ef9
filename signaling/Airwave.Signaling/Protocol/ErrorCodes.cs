namespace Airwave.Signaling.Protocol;

/// <summary>The codes of error frames; PROTOCOL.md says when each is sent.</summary>
public static class ErrorCodes
{
    public const string BadMessage = "bad-message";
    public const string UnsupportedVersion = "unsupported-version";
    public const string MessageTooLarge = "message-too-large";
    public const string RateLimited = "rate-limited";
    public const string TooManySubscriptions = "too-many-subscriptions";
    public const string HelloFirst = "hello-first";
    public const string AlreadyIntroduced = "already-introduced";
    public const string TokenInvalid = "token-invalid";
    public const string TokenExpired = "token-expired";
    public const string NotAllowed = "not-allowed";
    public const string BroadcasterOffline = "broadcaster-offline";
    public const string UnknownRequest = "unknown-request";
    public const string Internal = "internal";
}
