using System.Text.Json;
using Airwave.Configuration;

namespace Airwave.Signaling.Sites;

/// <summary>
/// The sites the chart defines: a JSON file (mounted from a Secret, since it holds the sites' secrets) mapping each
/// site id to its definition: {"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "..."}},
/// with "sfu": {"streams": ["namespace/name"], "viewers": 2} for a site whose broadcasts move to SFU pods.
/// </summary>
public static class SitesFile
{
    /// <exception cref="SettingException">The file cannot be read, is not such JSON, or a site in it is incomplete; the message says which and why.</exception>
    public static IReadOnlyDictionary<string, SiteDefinition> Load(string path)
    {
        Dictionary<string, SiteDefinition>? sites;
        try
        {
            sites = JsonSerializer.Deserialize(File.ReadAllText(path), SiteJson.Default.DictionaryStringSiteDefinition);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException($"the sites file {path} cannot be read: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new SettingException($"the sites file {path} is not a JSON object of site id to {{name, allowedOrigins, secret}}: {e.Message}", e);
        }

        foreach (var (id, site) in sites ?? [])
        {
            if (!SiteDefinition.IsSiteId(id))
            {
                throw new SettingException($"the sites file {path} names a site \"{id}\": a site id is lower-case letters, digits and inner dashes, up to 63 characters");
            }

            if (site is null)
            {
                throw new SettingException($"the sites file {path} has no definition for site \"{id}\"");
            }

            var errors = site.Validate(secretRequired: true);
            if (errors.Count > 0)
            {
                var (field, messages) = errors.First();
                throw new SettingException($"the sites file {path}, site \"{id}\", {field}: {messages[0]}");
            }
        }

        return sites ?? [];
    }
}
