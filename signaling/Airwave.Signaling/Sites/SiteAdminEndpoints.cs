using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Signaling.Sites;

/// <summary>
/// The admin API for sites, /api/v1/sites, behind a bearer token (<see cref="Configuration.SignalingSettings.AdminTokenVariable"/>).
/// Secrets are written, never read back: a generated one is in the response that created it, and nowhere else.
/// </summary>
public static class SiteAdminEndpoints
{
    /// <summary>A site as the API shows it: everything but its secret.</summary>
    public sealed record SiteView(string Id, string Name, IReadOnlyList<string> AllowedOrigins, string Source, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, SiteSfu? Sfu)
    {
        public static SiteView Of(Site site) => new(site.Id, site.Name, site.AllowedOrigins, site.Source.ToString(), site.CreatedAt, site.UpdatedAt, site.Sfu);
    }

    /// <summary>The response to a creation whose secret the service generated: shown this once.</summary>
    public sealed record CreatedSite(SiteView Site, string Secret);

    public static RouteGroupBuilder Map(IEndpointRouteBuilder routes, string? adminToken)
    {
        var group = routes.MapGroup("/api/v1/sites").WithTags("Sites (admin)");
        group.AddEndpointFilter(async (context, next) => Authorized(context.HttpContext, adminToken) ?? await next(context));

        group.MapGet("/", async (SiteStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(SiteView.Of).ToList()))
            .WithSummary("Lists the sites.");

        group.MapGet("/{id}", async (string id, SiteStore store, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken) is { } site ? Results.Ok(SiteView.Of(site)) : NotFound(id))
            .WithSummary("Shows one site.");

        group.MapPut("/{id}", PutAsync)
            .WithSummary("Creates or replaces a site. Without a secret, a new site gets a generated one (returned once) and an existing one keeps its own.");

        group.MapDelete("/{id}", async (string id, SiteStore store, CancellationToken cancellationToken) =>
        {
            if (await store.GetAsync(id, cancellationToken) is not { } site)
            {
                return NotFound(id);
            }

            if (site.Source == SiteSource.Settings)
            {
                return FromSettings(id);
            }

            await store.DeleteAsync(id, cancellationToken);
            return Results.NoContent();
        }).WithSummary("Deletes a site with its broadcasts and accounted time.");
        return group;
    }

    private static async Task<IResult> PutAsync(string id, SiteDefinition body, SiteStore store, CancellationToken cancellationToken)
    {
        if (!SiteDefinition.IsSiteId(id))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["A site id is lower-case letters, digits and inner dashes, up to 63 characters."] });
        }

        var existing = await store.GetAsync(id, cancellationToken);
        if (existing?.Source == SiteSource.Settings)
        {
            return FromSettings(id);
        }

        var errors = body.Validate(secretRequired: false);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, detail: $"Site {id} was not saved.");
        }

        var generated = body.Secret is null && existing is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : null;
        var created = await store.PutAsync(id, body.Name!.Trim(), body.NormalizedOrigins(), body.Secret ?? generated ?? existing!.Secret, body.Sfu, SiteSource.Api, cancellationToken);
        var view = SiteView.Of((await store.GetAsync(id, cancellationToken))!);
        return (created, generated) switch
        {
            (true, { } secret) => Results.Created($"/api/v1/sites/{id}", new CreatedSite(view, secret)),
            (true, null) => Results.Created($"/api/v1/sites/{id}", view),
            _ => Results.Ok(view),
        };
    }

    private static IResult? Authorized(HttpContext context, string? adminToken)
    {
        if (string.IsNullOrEmpty(adminToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The admin API is off", detail: $"Set {Configuration.SignalingSettings.AdminTokenVariable} to use it.");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(adminToken)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authorized", detail: "The admin API takes the admin token as a bearer token.");
        }

        return null;
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such site", detail: $"There is no site {id}.");

    private static IResult FromSettings(string id) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The site comes from the sites file", detail: $"Site {id} is defined by the chart's sites file: change it there.");
}
