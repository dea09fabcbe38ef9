namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>A token the server minted: the service account it speaks for (by uid, so a recreated account does not inherit it) and when it expires.</summary>
internal sealed record IssuedToken(UserInfo User, string Namespace, string ServiceAccount, string ServiceAccountUid, DateTimeOffset Expires);
