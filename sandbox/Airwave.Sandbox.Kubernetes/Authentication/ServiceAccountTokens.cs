using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// Mints service-account tokens (the TokenRequest subresource) and authenticates them. Tokens are JWTs with the
/// claims the apiserver puts in them, signed with a key made up for this run; the server remembers every token it
/// issued, and one is valid while it has not expired and its service account still exists with the same uid.
/// </summary>
internal sealed class ServiceAccountTokens(ObjectStore store, TimeProvider time)
{
    public const string DefaultAudience = "https://kubernetes.default.svc.cluster.local";
    private readonly ConcurrentDictionary<string, IssuedToken> _issued = new(StringComparer.Ordinal);
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>A token for the service account, or null when it does not exist.</summary>
    /// <param name="boundPodUid">The pod the token is for: it is honoured only while that pod exists.</param>
    public (string Token, DateTimeOffset Expires)? Issue(string @namespace, string name, IReadOnlyList<string> audiences, TimeSpan lifetime, string? boundPodUid = null)
    {
        if (store.Get(BuiltInResources.ServiceAccounts.StorageKey, new ObjectKey(@namespace, name)) is not { } account)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var issued = new IssuedToken(UserInfo.ServiceAccount(@namespace, name), @namespace, name, account.Uid, audiences, now + lifetime, boundPodUid);
        var token = Sign(new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["exp"] = issued.Expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = DefaultAudience,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = @namespace,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = account.Uid },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = issued.User.Name,
        });
        ForgetExpired(now);
        _issued[token] = issued;
        return (token, issued.Expires);
    }

    /// <summary>
    /// The service account a token speaks for, or null for a token this server did not issue, no longer honours, or
    /// issued for other audiences than the API server's (a token minted for another service is no key to this one).
    /// </summary>
    public UserInfo? Authenticate(string token) => Authenticate(token, [DefaultAudience])?.User;

    /// <summary>The service account a token speaks for and which of <paramref name="audiences"/> it was issued for; null when none.</summary>
    public (UserInfo User, IReadOnlyList<string> Audiences)? Authenticate(string token, IReadOnlyList<string> audiences)
    {
        if (!_issued.TryGetValue(token, out var issued))
        {
            return null;
        }

        var matched = issued.Audiences.Intersect(audiences, StringComparer.Ordinal).ToList();
        if (matched.Count == 0)
        {
            return null;
        }

        var account = store.Get(BuiltInResources.ServiceAccounts.StorageKey, new ObjectKey(issued.Namespace, issued.ServiceAccount));
        if (issued.Expires <= time.GetUtcNow() || account?.Uid != issued.ServiceAccountUid || !BoundPodExists(issued))
        {
            _issued.TryRemove(token, out _);
            return null;
        }

        return (issued.User, matched);
    }

    private bool BoundPodExists(IssuedToken issued) => issued.BoundPodUid is not { } pod || store.FindByUid(pod) is not null;

    /// <summary>Forgets the tokens no longer honoured, so that pods that come and go do not leave theirs behind.</summary>
    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (token, issued) in _issued)
        {
            if (issued.Expires <= now || !BoundPodExists(issued))
            {
                _issued.TryRemove(token, out _);
            }
        }
    }

    private string Sign(JsonObject claims)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, WireJson.Options));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }
}
