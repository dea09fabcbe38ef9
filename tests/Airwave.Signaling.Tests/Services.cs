using Airwave.Signaling.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

internal static class Services
{
    public static Task<Site?> GetSiteAsync(this IServiceProvider services, string id) =>
        services.GetRequiredService<SiteStore>().GetAsync(id, CancellationToken.None);
}
