using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;

namespace Airwave.Configuration;

/// <summary>
/// Reads a configuration section as the JSON of the type it binds to: objects by property name (in any case, as
/// configuration keys are), lists from numbered keys, maps from any keys, and each value converted the way
/// <see cref="SettingValues"/> reads it. A value that does not convert stops the read with the setting named. An empty
/// value is an empty string, and unset for any other type (`VAR=` in a manifest), so that setting's default stands.
/// </summary>
internal static class SectionReader
{
    /// <summary>The section as JSON, over <paramref name="baseline"/>: the JSON of what stands where the section is silent.</summary>
    public static JsonNode? Read(IConfiguration root, IConfigurationSection section, JsonTypeInfo type, JsonNode? baseline) => type.Kind switch
    {
        JsonTypeInfoKind.Object => ReadObject(root, section, type, baseline as JsonObject),
        JsonTypeInfoKind.Enumerable => ReadList(root, section, type),
        JsonTypeInfoKind.Dictionary => ReadMap(root, section, type, baseline as JsonObject),
        _ => section.Value is { } text ? ReadValue(root, section.Path, text, type.Type) : null,
    };

    private static JsonObject? ReadObject(IConfiguration root, IConfigurationSection section, JsonTypeInfo type, JsonObject? baseline)
    {
        JsonObject? read = null;
        foreach (var property in SettingDefaults.Settable(type))
        {
            var value = Read(root, section.GetSection(property.Name), type.Options.GetTypeInfo(property.PropertyType), baseline?[property.Name]);
            if (value is not null)
            {
                (read ??= (JsonObject?)baseline?.DeepClone() ?? SettingDefaults.Of(type))[property.Name] = value;
            }
        }

        return read;
    }

    // The configuration orders numbered keys by number, so 0, 1, ..., 10 read in that order.
    private static JsonArray? ReadList(IConfiguration root, IConfigurationSection section, JsonTypeInfo type)
    {
        var item = type.Options.GetTypeInfo(type.ElementType!);
        var read = new JsonArray();
        foreach (var child in section.GetChildren())
        {
            if (Read(root, child, item, baseline: null) is { } value)
            {
                read.Add(value);
            }
        }

        return read.Count > 0 ? read : null;
    }

    // Configured entries join the default ones, and one named like a default entry is read over it.
    private static JsonObject? ReadMap(IConfiguration root, IConfigurationSection section, JsonTypeInfo type, JsonObject? baseline)
    {
        var item = type.Options.GetTypeInfo(type.ElementType!);
        JsonObject? read = null;
        foreach (var child in section.GetChildren())
        {
            if (Read(root, child, item, baseline?[child.Key]) is { } value)
            {
                (read ??= (JsonObject?)baseline?.DeepClone() ?? [])[child.Key] = value;
            }
        }

        return read;
    }

    private static JsonValue? ReadValue(IConfiguration root, string key, string text, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return JsonValue.Create(text);
        }

        if (text.Length == 0)
        {
            return null;
        }

        if (type.IsEnum)
        {
            // Written as its number, which System.Text.Json reads whether or not the type says to write names.
            return Enum.TryParse(type, text.Trim(), ignoreCase: true, out var member) && Enum.IsDefined(type, member!)
                ? JsonValue.Create(Convert.ToInt64(member, CultureInfo.InvariantCulture))
                : throw Settings.Invalid(root, key, $"one of {string.Join(", ", Enum.GetNames(type))}");
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => SettingValues.TryParseBoolean(text, out var on) ? JsonValue.Create(on) : throw Settings.Invalid(root, key, $"one of {SettingValues.BooleanExamples}"),
            TypeCode.Int32 => int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : throw Settings.Invalid(root, key, "a whole number"),
            TypeCode.Int64 => long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large) ? JsonValue.Create(large) : throw Settings.Invalid(root, key, "a whole number"),
            TypeCode.Double => double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) ? JsonValue.Create(real) : throw Settings.Invalid(root, key, "a number"),
            TypeCode.Decimal => decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var exact) ? JsonValue.Create(exact) : throw Settings.Invalid(root, key, "a number"),
            _ when type == typeof(TimeSpan) => SettingValues.TryParseDuration(text, out var duration)
                ? JsonValue.Create(duration.ToString("c", CultureInfo.InvariantCulture))
                : throw Settings.Invalid(root, key, SettingValues.DurationExamples),
            _ when type == typeof(Uri) => Uri.TryCreate(text.Trim(), UriKind.RelativeOrAbsolute, out _) ? JsonValue.Create(text.Trim()) : throw Settings.Invalid(root, key, "a URL"),
            _ => throw new NotSupportedException($"{key}: Settings.Bind reads no settings of type {type}"),
        };
    }
}
