using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Schema;

/// <summary>
/// A CRD version's structural OpenAPI v3 schema, and what the API server does with it on every write:
/// validate (types, required, enum, bounds, lengths, patterns, item counts, list-map key uniqueness),
/// default (including defaults of nested objects) and prune fields the schema does not declare.
/// Field paths and messages follow the apiserver's wording so users see the same errors either way.
/// </summary>
public sealed class StructuralSchema
{
    // apiVersion, kind and metadata are validated by the API server itself, never pruned by the CRD schema.
    private static readonly HashSet<string> RootTypeFields = ["apiVersion", "kind", "metadata"];

    private readonly JsonObject root;
    private readonly ConcurrentDictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    private StructuralSchema(JsonObject root) => this.root = root;

    public static StructuralSchema Parse(JsonNode openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        return new StructuralSchema(openApiV3Schema.DeepClone().AsObject());
    }

    public IReadOnlyList<FieldError> Validate(JsonNode? obj)
    {
        var errors = new List<FieldError>();
        Validate(root, obj, path: string.Empty, errors, isRoot: true);
        return errors;
    }

    public void ApplyDefaults(JsonNode? obj) => Default(root, obj);

    public IReadOnlyList<string> Prune(JsonNode? obj)
    {
        var pruned = new List<string>();
        Prune(root, obj, path: string.Empty, pruned, isRoot: true);
        return pruned;
    }

    private void Validate(JsonObject schema, JsonNode? value, string path, List<FieldError> errors, bool isRoot = false)
    {
        if (value is null)
        {
            if (!Flag(schema, "nullable") && Str(schema, "type") is { } expected)
            {
                errors.Add(new(FieldErrorType.TypeInvalid, path, $"{path} in body must be of type {expected}: \"null\"", JsonValue.Create("null")));
            }

            return;
        }

        if (!HasExpectedType(schema, value, out var expectedType, out var actualType))
        {
            errors.Add(new(FieldErrorType.TypeInvalid, path, $"{path} in body must be of type {expectedType}: \"{actualType}\"", JsonValue.Create(actualType)));
            return;
        }

        ValidateEnum(schema, value, path, errors);
        switch (value)
        {
            case JsonObject map:
                ValidateObject(schema, map, path, errors, isRoot);
                break;
            case JsonArray list:
                ValidateArray(schema, list, path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                ValidateString(schema, scalar.GetValue<string>(), path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                ValidateNumber(schema, AsDouble(scalar), scalar, path, errors);
                break;
        }
    }

    private void ValidateObject(JsonObject schema, JsonObject map, string path, List<FieldError> errors, bool isRoot)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(n => n!.GetValue<string>()))
            {
                if (!map.ContainsKey(name))
                {
                    errors.Add(new(FieldErrorType.Required, Child(path, name), string.Empty, null));
                }
            }
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (name, child) in map)
        {
            if (isRoot && RootTypeFields.Contains(name) && properties?.ContainsKey(name) != true)
            {
                continue;
            }

            if (properties?[name] is JsonObject propertySchema)
            {
                Validate(propertySchema, child, Child(path, name), errors);
            }
            else if (additional is not null)
            {
                Validate(additional, child, $"{path}[{name}]", errors);
            }
        }

        if (Int(schema, "maxProperties") is { } maxProperties && map.Count > maxProperties)
        {
            errors.Add(new(FieldErrorType.TooMany, path, $"must have at most {maxProperties} items", JsonValue.Create(map.Count)));
        }

        if (Int(schema, "minProperties") is { } minProperties && map.Count < minProperties)
        {
            errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should have at least {minProperties} properties", JsonValue.Create(map.Count)));
        }
    }

    private void ValidateArray(JsonObject schema, JsonArray list, string path, List<FieldError> errors)
    {
        if (Int(schema, "maxItems") is { } maxItems && list.Count > maxItems)
        {
            errors.Add(new(FieldErrorType.TooMany, path, $"must have at most {maxItems} items", JsonValue.Create(list.Count)));
        }

        if (Int(schema, "minItems") is { } minItems && list.Count < minItems)
        {
            errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should have at least {minItems} items", JsonValue.Create(list.Count)));
        }

        if (schema["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Validate(itemSchema, list[i], $"{path}[{i}]", errors);
            }
        }

        ValidateListUniqueness(schema, list, path, errors);
    }

    private static void ValidateListUniqueness(JsonObject schema, JsonArray list, string path, List<FieldError> errors)
    {
        var listType = Str(schema, "x-kubernetes-list-type");
        if (listType is not ("set" or "map"))
        {
            return;
        }

        var keys = listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray mapKeys
            ? mapKeys.Select(k => k!.GetValue<string>()).ToArray()
            : null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var identity = keys is null
                ? list[i]
                : new JsonObject(keys.Select(k => KeyValuePair.Create(k, list[i]?[k]?.DeepClone())));
            if (!seen.Add(identity?.ToJsonString() ?? "null"))
            {
                errors.Add(new(FieldErrorType.Duplicate, $"{path}[{i}]", string.Empty, identity?.DeepClone()));
            }
        }
    }

    private void ValidateString(JsonObject schema, string text, string path, List<FieldError> errors)
    {
        var bad = JsonValue.Create(text);
        if (Int(schema, "maxLength") is { } maxLength && text.Length > maxLength)
        {
            errors.Add(new(FieldErrorType.TooLong, path, $"may not be more than {maxLength} bytes", bad));
        }

        if (Int(schema, "minLength") is { } minLength && text.Length < minLength)
        {
            errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should be at least {minLength} chars long", bad));
        }

        if (Str(schema, "pattern") is { } pattern && !Pattern(pattern).IsMatch(text))
        {
            errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should match '{pattern}'", bad));
        }

        if (Str(schema, "format") == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body must be of type date-time: \"{text}\"", bad));
        }
    }

    private static void ValidateNumber(JsonObject schema, double number, JsonValue value, string path, List<FieldError> errors)
    {
        if (Num(schema, "minimum") is { } minimum)
        {
            var exclusive = Flag(schema, "exclusiveMinimum");
            if (exclusive ? number <= minimum : number < minimum)
            {
                var relation = exclusive ? "greater than" : "greater than or equal to";
                errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should be {relation} {Format(minimum)}", value.DeepClone()));
            }
        }

        if (Num(schema, "maximum") is { } maximum)
        {
            var exclusive = Flag(schema, "exclusiveMaximum");
            if (exclusive ? number >= maximum : number > maximum)
            {
                var relation = exclusive ? "less than" : "less than or equal to";
                errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should be {relation} {Format(maximum)}", value.DeepClone()));
            }
        }

        if (Num(schema, "multipleOf") is { } factor && factor != 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9)
        {
            errors.Add(new(FieldErrorType.Invalid, path, $"{path} in body should be a multiple of {Format(factor)}", value.DeepClone()));
        }
    }

    private static void ValidateEnum(JsonObject schema, JsonNode value, string path, List<FieldError> errors)
    {
        if (schema["enum"] is not JsonArray allowed || allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            return;
        }

        var supported = string.Join(", ", allowed.Select(a => a?.ToJsonString() ?? "null"));
        errors.Add(new(FieldErrorType.NotSupported, path, $"supported values: {supported}", value.DeepClone()));
    }

    private static bool HasExpectedType(JsonObject schema, JsonNode value, out string expected, out string actual)
    {
        actual = TypeName(value);
        expected = Str(schema, "type") ?? string.Empty;
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            expected = "integer or string";
            return actual is "integer" or "string";
        }

        return expected switch
        {
            "" => true,
            "number" => actual is "number" or "integer",
            _ => expected == actual,
        };
    }

    private static string TypeName(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(value.AsValue()) ? "integer" : "number",
            _ => "null",
        },
    };

    // Like the apiserver's JSON decoding, an integral number such as 3.0 counts as an integer.
    private static bool IsInteger(JsonValue value)
    {
        var number = AsDouble(value);
        return Math.Floor(number) == number && !double.IsInfinity(number);
    }

    // JsonValue.GetValue<T> only converts between the CLR type it was created with, so read numbers through their JSON text.
    private static double AsDouble(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Default(JsonObject schema, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject map:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, propertySchema) in properties)
                    {
                        if (propertySchema is not JsonObject property)
                        {
                            continue;
                        }

                        // As in the apiserver, an explicit null on a non-nullable field takes the default too.
                        var missing = !map.TryGetPropertyValue(name, out var current) || (current is null && !Flag(property, "nullable"));
                        if (missing && property["default"] is { } defaultValue)
                        {
                            map[name] = defaultValue.DeepClone();
                        }

                        Default(property, map[name]);
                    }
                }

                if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var (_, child) in map.ToList())
                    {
                        Default(additional, child);
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject itemSchema:
                foreach (var item in list)
                {
                    Default(itemSchema, item);
                }

                break;
        }
    }

    private static void Prune(JsonObject schema, JsonNode? value, string path, List<string> pruned, bool isRoot = false)
    {
        switch (value)
        {
            case JsonObject map:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"];
                var preserve = Flag(schema, "x-kubernetes-preserve-unknown-fields");
                foreach (var (name, child) in map.ToList())
                {
                    if (isRoot && RootTypeFields.Contains(name) && properties?[name]?["properties"] is null)
                    {
                        continue;
                    }

                    if (properties?[name] is JsonObject propertySchema)
                    {
                        Prune(propertySchema, child, Child(path, name), pruned);
                    }
                    else if (additional is JsonObject additionalSchema)
                    {
                        Prune(additionalSchema, child, $"{path}[{name}]", pruned);
                    }
                    else if (!preserve && !IsTrue(additional))
                    {
                        map.Remove(name);
                        pruned.Add(Child(path, name));
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject itemSchema:
                for (var i = 0; i < list.Count; i++)
                {
                    Prune(itemSchema, list[i], $"{path}[{i}]", pruned);
                }

                break;
        }
    }

    private Regex Pattern(string pattern) =>
        patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string? Str(JsonObject schema, string key) =>
        schema[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static long? Int(JsonObject schema, string key) => Num(schema, key) is { } number ? (long)number : null;

    private static double? Num(JsonObject schema, string key) =>
        schema[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? AsDouble(v) : null;

    private static bool Flag(JsonObject schema, string key) => IsTrue(schema[key]);

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static string Format(double number) => number.ToString(CultureInfo.InvariantCulture);
}
