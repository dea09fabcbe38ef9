using System.Globalization;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Identity;
using Airwave.Signaling.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.SiteApi;

/// <summary>
/// The site API, /api/v1/sites/{site}/…, on the public port: what a site's own server reads about its broadcasts,
/// their viewers and its users' broadcast time. It takes an API token of the site (<see cref="SiteTokens.ValidateApi"/>)
/// as a bearer token, so each site sees only its own; a request that carries an Origin (made by a page) must come
/// from one of the site's allowed origins.
/// </summary>
public static class SiteApiEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int DefaultDays = 31;
    public const int MaxDays = 366;

    public static RouteGroupBuilder Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/sites/{site}").WithTags("Site API");
        group.AddEndpointFilter(async (context, next) => await AuthorizeAsync(context.HttpContext) ?? await next(context));

        group.MapGet("/broadcasts", ListBroadcastsAsync)
            .WithSummary("Lists the site's broadcasts, newest first: live=true for those on now, user= for one user's, limit= up to 1000 (100 by default).");
        group.MapGet("/broadcasts/{id}", GetBroadcastAsync)
            .WithSummary("Shows one broadcast with its viewers: who asked, the broadcaster's decision, when they left.");
        group.MapGet("/time", GetTimeAsync)
            .WithSummary("Broadcast time per user and UTC day, from the heartbeats the service observed: from= and to= (yyyy-MM-dd, inclusive; the last 31 days by default, at most 366), user= for one user.");
        return group;
    }

    private static async Task<IResult> ListBroadcastsAsync(string site, string? user, bool? live, int? limit, BroadcastStore broadcasts, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Invalid("limit", $"limit is from 1 to {MaxLimit}.");
        }

        var sessions = await broadcasts.ListAsync(site, user, live, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(sessions.Select(s => BroadcastView.Of(s, null)).ToList());
    }

    private static async Task<IResult> GetBroadcastAsync(string site, string id, BroadcastStore broadcasts, CancellationToken cancellationToken)
    {
        if (await broadcasts.GetAsync(id, cancellationToken) is not { } session || session.SiteId != site)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such broadcast", detail: $"Site {site} has no broadcast {id}.");
        }

        return TypedResults.Ok(BroadcastView.Of(session, await broadcasts.ListRequestsAsync(id, cancellationToken)));
    }

    private static async Task<IResult> GetTimeAsync(string site, string? from, string? to, string? user, TimeLedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        var last = ParseDay(to, "to", today, errors);
        var first = ParseDay(from, "from", last.AddDays(1 - DefaultDays), errors);
        if (errors.Count == 0 && first > last)
        {
            errors["from"] = ["from is on or before to."];
        }
        else if (errors.Count == 0 && last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            errors["from"] = [$"At most {MaxDays} days at a time."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var days = await ledger.ListAsync(site, user, first, last, cancellationToken);
        return TypedResults.Ok(new TimeReport(
            Day(first),
            Day(last),
            [.. days.Select(d => new TimeOnDay(d.UserId, Day(d.Day), d.Duration.TotalSeconds))],
            days.Sum(d => d.Duration.TotalSeconds)));
    }

    private static async Task<IResult?> AuthorizeAsync(HttpContext context)
    {
        var siteId = (string?)context.Request.RouteValues["site"];
        var sites = context.RequestServices.GetRequiredService<SiteStore>();
        if (siteId is null || await sites.GetAsync(siteId, context.RequestAborted) is not { } site)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such site", detail: $"There is no site \"{siteId}\".");
        }

        // A request a page's script makes carries its Origin: only the site's own pages may, like its WebSocket.
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !site.Allows(origin))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed", detail: $"Pages from \"{origin}\" may not use site {site.Id}; its allowed origins are set by the site's administrator.");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        var result = context.RequestServices.GetRequiredService<SiteTokens>().ValidateApi(site, token);
        if (!result.IsValid)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Not authorized",
                detail: token is null
                    ? $"The site API takes an API token of site {site.Id} as a bearer token: a JWT signed HS256 with the site's secret, with aud \"{site.Id}\", scope \"{SiteTokens.ApiScope}\" and exp."
                    : $"{result.Message}.");
        }

        return null;
    }

    private static DateOnly ParseDay(string? text, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, TimeLedger.DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = [$"{name} is a UTC day written yyyy-MM-dd, not \"{text}\"."];
        return fallback;
    }

    private static string Day(DateOnly day) => day.ToString(TimeLedger.DayFormat, CultureInfo.InvariantCulture);

    private static IResult Invalid(string field, string message) => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
