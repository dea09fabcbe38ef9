using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Hosting.WebRtc;

/// <summary>
/// Cross-origin access to WHIP and WHEP endpoints (RFC 9725 section 4.2): any page may publish or watch from any
/// origin, since a bearer token, not a cookie, is what lets a client in; it may send the headers WHIP uses and read
/// the ones it answers with.
/// </summary>
public static class WhipCors
{
    public const string Policy = "whip";

    public static IServiceCollection AddWhipCors(this IServiceCollection services) =>
        services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("POST", "DELETE", "PATCH")
            .WithHeaders("Authorization", "Content-Type", "If-Match")
            .WithExposedHeaders("Location", "ETag", "Link")));

    public static TBuilder RequireWhipCors<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCors(Policy);
}
