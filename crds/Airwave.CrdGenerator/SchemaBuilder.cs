using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.CrdGeneration;

/// <summary>
/// Builds a structural OpenAPI v3 schema from C# types. The C# declaration is the source of truth:
/// `required` members are required, nullable members optional, non-nullable objects default to {} so
/// their own defaults apply, and DataAnnotations (Range, RegularExpression, StringLength), MinItems / MaxItems
/// and ComponentModel attributes give bounds, patterns, defaults and descriptions.
/// </summary>
internal sealed class SchemaBuilder
{
    private readonly NullabilityInfoContext nullability = new();

    public JsonObject ForObject(Type type)
    {
        var schema = new JsonObject();
        AddDescription(schema, type.GetCustomAttribute<DescriptionAttribute>()?.Description);
        schema["type"] = "object";
        var properties = new JsonObject();
        var required = new List<string>();
        foreach (var property in SerializedProperties(type))
        {
            var name = JsonNames.Of(property);
            properties[name] = ForProperty(property);
            if (property.IsDefined(typeof(RequiredMemberAttribute)))
            {
                required.Add(name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = new JsonArray([.. required.Order(StringComparer.Ordinal).Select(n => (JsonNode)n)]);
        }

        return schema;
    }

    private static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0 && !p.IsDefined(typeof(JsonIgnoreAttribute)))
            .OrderBy(JsonNames.Of, StringComparer.Ordinal);

    private JsonObject ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        if (property.GetCustomAttribute<DescriptionAttribute>()?.Description is { } description)
        {
            schema.Remove("description");
            schema.Insert(0, "description", description);
        }

        var isArray = schema["type"]?.GetValue<string>() == "array";
        var valueSchema = isArray ? schema["items"]!.AsObject() : schema;
        ApplyConstraints(property, schema, valueSchema, isArray);

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { } defaultValue)
        {
            schema["default"] = DefaultToJson(defaultValue.Value);
        }
        else if (DefaultsToEmptyObject(property, schema))
        {
            schema["default"] = new JsonObject();
        }

        if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } listMap)
        {
            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray([.. listMap.Keys.Select(k => (JsonNode)k)]);
        }

        if (property.IsDefined(typeof(PreserveUnknownFieldsAttribute)))
        {
            schema["x-kubernetes-preserve-unknown-fields"] = true;
        }

        return schema;
    }

    private static void ApplyConstraints(PropertyInfo property, JsonObject schema, JsonObject valueSchema, bool isArray)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            SetBound(valueSchema, "minimum", range.Minimum);
            SetBound(valueSchema, "maximum", range.Maximum);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            valueSchema["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttribute<StringLengthAttribute>() is { } length)
        {
            if (valueSchema["type"]?.GetValue<string>() != "string")
            {
                throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name}: StringLength bounds strings; use MinItems and MaxItems for a list.");
            }

            if (length.MinimumLength > 0)
            {
                valueSchema["minLength"] = length.MinimumLength;
            }

            valueSchema["maxLength"] = length.MaximumLength;
        }

        if (property.GetCustomAttribute<MinItemsAttribute>() is { } minItems)
        {
            RequireArray(property, isArray, "MinItems");
            schema["minItems"] = minItems.Count;
        }

        if (property.GetCustomAttribute<MaxItemsAttribute>() is { } maxItems)
        {
            RequireArray(property, isArray, "MaxItems");
            schema["maxItems"] = maxItems.Count;
        }
    }

    private static void RequireArray(PropertyInfo property, bool isArray, string attribute)
    {
        if (!isArray)
        {
            throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name}: {attribute} bounds lists; use StringLength for a string.");
        }
    }

    // A bound at the type's own limit says "no bound"; writing it out would only add noise.
    private static void SetBound(JsonObject schema, string key, object bound)
    {
        var value = Convert.ToDouble(bound, CultureInfo.InvariantCulture);
        if (value is double.MaxValue or int.MaxValue or long.MaxValue or double.MinValue or int.MinValue)
        {
            return;
        }

        schema[key] = value == Math.Floor(value) ? JsonValue.Create((long)value) : JsonValue.Create(value);
    }

    private bool DefaultsToEmptyObject(PropertyInfo property, JsonObject schema) =>
        schema["type"]?.GetValue<string>() == "object"
        && schema.ContainsKey("properties")
        && !property.IsDefined(typeof(RequiredMemberAttribute))
        && nullability.Create(property).ReadState == NullabilityState.NotNull;

    private JsonObject ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(short))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type.IsEnum)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. JsonNames.MembersOf(type).Select(n => (JsonNode)n)]) };
        }

        if (type == typeof(ObjectMeta))
        {
            return new JsonObject { ["type"] = "object" };
        }

        if (type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(valueType) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForType(itemType) };
        }

        if (type.IsClass)
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"no schema mapping for {type.FullName}");
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IReadOnlyDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return typeof(IEnumerable).IsAssignableFrom(type) && GenericInterface(type, typeof(IEnumerable<>)) is { } enumerable
            ? enumerable.GetGenericArguments()[0]
            : null;
    }

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static JsonNode? DefaultToJson(object? value) => value switch
    {
        null => null,
        Enum member => JsonNames.Of(member),
        string text => text,
        bool flag => flag,
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(DefaultToJson)]),
        int or long or short => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
    };

    private static void AddDescription(JsonObject schema, string? description)
    {
        if (description is not null)
        {
            schema["description"] = description;
        }
    }
}
