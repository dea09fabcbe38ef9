using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.CrdGeneration;

/// <summary>The wire names System.Text.Json gives properties and enum members, so the schema matches what is sent.</summary>
internal static class JsonNames
{
    public static string Of(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    public static string Of(Enum value)
    {
        var member = value.GetType().GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static);
        return member?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();
    }

    public static IEnumerable<string> MembersOf(Type enumType) => Enum.GetValues(enumType).Cast<Enum>().Select(Of);
}
