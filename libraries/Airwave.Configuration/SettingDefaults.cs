using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Airwave.Configuration;

/// <summary>
/// What a settings object holds before configuration speaks, as JSON. Generated metadata sets the init-only properties
/// a JSON object leaves out to their type's default rather than keep their initializers (dotnet/runtime#84484), so
/// every object is read over the JSON of a new one.
/// </summary>
internal static class SettingDefaults
{
    /// <summary>The settable properties of a new <paramref name="type"/>.</summary>
    public static JsonObject Of(JsonTypeInfo type) => Of(type, Create(type));

    public static JsonObject Of(JsonTypeInfo type, object created)
    {
        var defaults = new JsonObject();
        foreach (var property in Settable(type))
        {
            defaults[property.Name] = JsonSerializer.SerializeToNode(property.Get!(created), type.Options.GetTypeInfo(property.PropertyType));
        }

        return defaults;
    }

    /// <summary>
    /// Stops at once, whatever is configured, if configuration could name an object that cannot be made with its
    /// defaults: one in a list or a map, or under a property whose default is null. Such types need a public
    /// parameterless constructor and settable (not init-only) properties, which generated metadata can call.
    /// </summary>
    public static void RequireMakeable(JsonTypeInfo type, JsonObject defaults) => RequireMakeable(type, defaults, []);

    // Computed properties (get only) are not settings.
    public static IEnumerable<JsonPropertyInfo> Settable(JsonTypeInfo type) =>
        type.Properties.Where(property => property.Set is not null || property.AssociatedParameter is not null);

    private static void RequireMakeable(JsonTypeInfo type, JsonObject? defaults, HashSet<Type> checkedTypes)
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object:
                defaults ??= checkedTypes.Add(type.Type) ? Of(type) : null;
                if (defaults is null)
                {
                    return;
                }

                foreach (var property in Settable(type))
                {
                    RequireMakeable(type.Options.GetTypeInfo(property.PropertyType), defaults[property.Name] as JsonObject, checkedTypes);
                }

                break;
            case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary:
                RequireMakeable(type.Options.GetTypeInfo(type.ElementType!), null, checkedTypes);
                break;
        }
    }

    private static object Create(JsonTypeInfo type) =>
        type.CreateObject?.Invoke() ?? throw new NotSupportedException(
            $"Settings.Bind cannot make a {type.Type} with its defaults: give it settable properties (set, not init) and a public parameterless constructor");
}
