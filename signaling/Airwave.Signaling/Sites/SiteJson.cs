using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Signaling.Sites;

/// <summary>
/// Sites as the sites file, the admin API and the sites table hold them, generated at build time (the service
/// registers it for its endpoints' bodies and answers).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, SiteDefinition>))]
[JsonSerializable(typeof(SiteDefinition))]
[JsonSerializable(typeof(SiteSfu))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(SiteAdminEndpoints.SiteView))]
[JsonSerializable(typeof(List<SiteAdminEndpoints.SiteView>))]
[JsonSerializable(typeof(SiteAdminEndpoints.CreatedSite))]
public sealed partial class SiteJson : JsonSerializerContext;
