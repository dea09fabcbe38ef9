using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sfu.Http;

/// <summary>An endpoint that takes one key as its bearer token: the publish key for WHIP, the room admin key for relays between pods.</summary>
public sealed class BearerKey(string? key, string whatIsOff, string whichKey)
{
    /// <summary>
    /// Null when the request carries the key as its bearer token; else why not: 401 with WWW-Authenticate: Bearer (as a
    /// WHIP client expects), or 403 when the pod has no key, and so takes no such request.
    /// </summary>
    public IResult? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (key is not { Length: > 0 })
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: whatIsOff, detail: $"This SFU pod has no {whichKey}.");
        }

        var given = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return given.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[Bearer.Length..].Trim()), Encoding.UTF8.GetBytes(key))
            ? null
            : new Challenge(whichKey);
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
