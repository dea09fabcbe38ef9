using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Aws.Http;

/// <summary>
/// Enumerations as the rest-json services spell them (UPPER_SNAKE_CASE, or the name a member's
/// <see cref="JsonStringEnumMemberNameAttribute"/> gives). AWS adds values to its enums without notice (MediaLive's
/// input types went from 10 to 16), so a value this build does not know reads as the enum's <c>Unknown</c> member
/// instead of failing the whole response: one foreign resource in the account must not break every list call.
/// <c>Unknown</c> is never sent.
/// </summary>
/// <remarks>
/// Each wire enum names it (<c>[JsonConverter(typeof(AwsEnumConverter&lt;ChannelState&gt;))]</c>), so the JSON generated
/// at build time makes it without reflection over the enum's type.
/// </remarks>
public sealed class AwsEnumConverter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly FrozenDictionary<string, TEnum> _byWireName;
    private readonly FrozenDictionary<TEnum, string> _wireNames;
    private readonly TEnum? _unknown;

    public AwsEnumConverter()
    {
        var members = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.Name != AwsEnumConverter.UnknownMember)
            .Select(field => (Value: (TEnum)field.GetValue(null)!, Wire: field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseUpper.ConvertName(field.Name)))
            .ToList();
        _byWireName = members.ToFrozenDictionary(m => m.Wire, m => m.Value, StringComparer.Ordinal);
        _wireNames = members.ToFrozenDictionary(m => m.Value, m => m.Wire);
        _unknown = Enum.TryParse<TEnum>(AwsEnumConverter.UnknownMember, ignoreCase: false, out var unknown) ? unknown : null;
    }

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a {typeof(TEnum).Name} string, got {reader.TokenType}.");
        }

        var wire = reader.GetString()!;
        if (_byWireName.TryGetValue(wire, out var value))
        {
            return value;
        }

        return _unknown ?? throw new JsonException($"{wire} is not a {typeof(TEnum).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(_wireNames.TryGetValue(value, out var wire)
            ? wire
            : throw new JsonException($"{typeof(TEnum).Name}.{value} is not a value AWS accepts."));
}

/// <summary>The member every wire enum has for values it does not know.</summary>
public static class AwsEnumConverter
{
    public const string UnknownMember = "Unknown";
}
