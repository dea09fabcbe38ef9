using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Airwave.Hosting;

/// <summary>
/// Endpoints that answer on one of the process's listening ports only (public, management, admission). Matched on the
/// port the connection came in on, not on the Host header: behind a Service or an ingress the Host names the Service's
/// port or the public domain (the API server calls a webhook as &lt;service&gt;.&lt;namespace&gt;.svc:443), never the
/// container's.
/// </summary>
public static class LocalPortRouting
{
    /// <summary>Adds the matcher policy <see cref="RequireLocalPort{TBuilder}"/> needs.</summary>
    public static IServiceCollection AddLocalPortRouting(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, LocalPortMatcherPolicy>());
        return services;
    }

    /// <summary>The endpoints answer requests that arrived on <paramref name="port"/>; elsewhere they do not exist (404).</summary>
    public static TBuilder RequireLocalPort<TBuilder>(this TBuilder builder, int port)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new LocalPortMetadata(port)));
        return builder;
    }

    private sealed record LocalPortMetadata(int Port);

    private sealed class LocalPortMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
    {
        // After the built-in policies (the host policy is -100), before nothing in particular.
        public override int Order => 0;

        public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
            endpoints.Any(e => e.Metadata.GetMetadata<LocalPortMetadata>() is not null);

        public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
        {
            var port = httpContext.Connection.LocalPort;
            for (var i = 0; i < candidates.Count; i++)
            {
                if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<LocalPortMetadata>() is { } required && required.Port != port)
                {
                    candidates.SetValidity(i, false);
                }
            }

            return Task.CompletedTask;
        }
    }
}
