using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sfu.Http;

/// <summary>
/// An endpoint that takes a key as its bearer token: the publish key (or the signaling service's broadcast key) for
/// WHIP, the room admin key for relays between pods.
/// </summary>
public sealed class BearerKey(string whatIsOff, string whichKey, params string?[] keys)
{
    private readonly byte[][] _keys = [.. keys.Where(k => k is { Length: > 0 }).Select(k => Encoding.UTF8.GetBytes(k!))];

    /// <summary>
    /// Null when the request carries the key as its bearer token; else why not: 401 with WWW-Authenticate: Bearer (as a
    /// WHIP client expects), or 403 when the pod has no key, and so takes no such request.
    /// </summary>
    public IResult? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_keys.Length == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: whatIsOff, detail: $"This SFU pod has no {whichKey}.");
        }

        var given = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!given.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return new Challenge(whichKey);
        }

        var presented = Encoding.UTF8.GetBytes(given[Bearer.Length..].Trim());
        // Every key is compared, so the time taken does not tell which one came close.
        var matched = false;
        foreach (var key in _keys)
        {
            matched |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        return matched ? null : new Challenge(whichKey);
    }

    private sealed class Challenge(string whichKey) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authorized", detail: $"Send the stream's {whichKey} as the bearer token.").ExecuteAsync(httpContext);
        }
    }
}
