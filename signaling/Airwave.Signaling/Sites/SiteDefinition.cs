using System.Text.RegularExpressions;

namespace Airwave.Signaling.Sites;

/// <summary>A site as the sites file and the admin API describe it.</summary>
/// <param name="Secret">What the site's server signs user ids with; at least 32 characters. The admin API generates one when it is left out.</param>
/// <param name="Sfu">Where its broadcasts go once they have enough viewers; unset, they stay peer-to-peer.</param>
public sealed partial record SiteDefinition(string? Name, IReadOnlyList<string>? AllowedOrigins, string? Secret, SiteSfu? Sfu = null)
{
    public const int MinimumSecretLength = 32;

    /// <summary>Lower-case letters, digits and inner dashes, up to 63 characters: it appears in URLs and script tags as it is.</summary>
    public static bool IsSiteId(string id) => SiteIdPattern().IsMatch(id);

    /// <summary>What is wrong, by field name; empty when the definition is usable.</summary>
    public Dictionary<string, string[]> Validate(bool secretRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = ["Required: a name people recognise the site by."];
        }

        if (AllowedOrigins is not { Count: > 0 })
        {
            errors["allowedOrigins"] = ["Required: at least one origin (scheme://host[:port]) whose pages may use the service."];
        }
        else
        {
            var bad = AllowedOrigins.Where(o => o is null || Origins.Normalize(o) is null).ToList();
            if (bad.Count > 0)
            {
                errors["allowedOrigins"] = [.. bad.Select(o => $"\"{o}\" is not an origin: write scheme://host[:port] (http or https, no path, no wildcard), as browsers send it.")];
            }
        }

        if (Secret is null ? secretRequired : Secret.Length < MinimumSecretLength)
        {
            errors["secret"] = [$"Required: at least {MinimumSecretLength} characters (for example 32 random bytes in hex)."];
        }

        foreach (var (field, messages) in Sfu?.Validate() ?? [])
        {
            errors[field] = messages;
        }

        return errors;
    }

    /// <summary>The origins as browsers send them, without repeats. Call after <see cref="Validate"/> found none wrong.</summary>
    public IReadOnlyList<string> NormalizedOrigins() => [.. AllowedOrigins!.Select(o => Origins.Normalize(o)!).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SiteIdPattern();
}
