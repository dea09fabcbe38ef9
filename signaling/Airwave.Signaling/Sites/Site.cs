namespace Airwave.Signaling.Sites;

/// <summary>
/// A website the service serves: pages from <see cref="AllowedOrigins"/> may use it, and the site's own server signs
/// its visitors' user ids with <see cref="Secret"/> (see <see cref="Identity.SiteTokens"/>).
/// </summary>
public sealed record Site(string Id, string Name, IReadOnlyList<string> AllowedOrigins, string Secret, SiteSource Source, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, SiteSfu? Sfu = null)
{
    public bool Allows(string? origin) => origin is not null && Origins.Normalize(origin) is { } normalized && AllowedOrigins.Contains(normalized, StringComparer.Ordinal);

    // A record prints every property; the secret must never reach a log line.
    public override string ToString() => $"site {Id}";
}

/// <summary>Where a site was defined, which decides who may change it.</summary>
public enum SiteSource
{
    /// <summary>The sites file from the chart: changed by changing the chart's values; read-only through the API.</summary>
    Settings,

    /// <summary>The admin API.</summary>
    Api,
}
