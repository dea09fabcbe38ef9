namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// A token the server minted: the service account it speaks for (by uid, so a recreated account does not inherit
/// it), who it is for (its audiences), when it expires, and the pod it is bound to, if any (it dies with the pod, as a
/// projected token does).
/// </summary>
internal sealed record IssuedToken(UserInfo User, string Namespace, string ServiceAccount, string ServiceAccountUid, IReadOnlyList<string> Audiences, DateTimeOffset Expires, string? BoundPodUid = null);
