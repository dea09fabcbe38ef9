using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Models;

/// <summary>
/// Checks a JSON request body (MediaLive, MediaPackage, IVS; CloudWatch's JSON 1.0, KMS's 1.1) against its operation's input shape in the service's
/// model before the emulator acts on it, as the service does: required members, JSON types, enum values, lengths, patterns,
/// ranges and item counts. Members the model does not know are ignored, as the services ignore them.
/// </summary>
internal static partial class JsonRequestValidator
{
    private const int MaxTags = 50;

    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    public static async Task ValidateAsync(HttpContext context, AwsOperation operation)
    {
        var model = ServiceModel.For(operation.Service);
        if (model.InputShape(operation.Name) is not { } input)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(await SignedRequest.ReadBodyAsync(context.Request, rewind: true, context.RequestAborted));
        JsonNode? body;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw AwsApiException.BadRequest("The request body is not valid JSON.");
        }

        var errors = new List<ValidationError>();
        if (body is not JsonObject document)
        {
            errors.Add(new ValidationError("body", "must be a JSON object."));
        }
        else
        {
            CheckMembers(model, model.Shape(input), document, "", errors, bodyOnly: true);
        }

        if (errors.Count == 0)
        {
            return;
        }

        // The service answers with the error its model gives the operation: MediaLive's 422 lists each element.
        var message = string.Join("; ", errors.Select(e => $"{e.ElementPath} {e.ErrorMessage}"));
        if (operation.Service == AwsServiceKind.Kms)
        {
            throw AwsApiException.Invalid(message);
        }

        if (operation.Service == AwsServiceKind.CloudWatch)
        {
            throw new AwsApiException(System.Net.HttpStatusCode.BadRequest, errors.All(e => e.ErrorMessage == "is required.") ? "MissingParameter" : "InvalidParameterValue", message);
        }

        throw model.Raises(operation.Name, "UnprocessableEntityException")
            ? AwsApiException.Unprocessable(message, operation.Service == AwsServiceKind.MediaLive ? errors : null)
            : model.Raises(operation.Name, "ValidationException")
                ? AwsApiException.Invalid(message)
                : AwsApiException.BadRequest(message);
    }

    private static void CheckMembers(ServiceModel model, JsonObject shape, JsonObject value, string path, List<ValidationError> errors, bool bodyOnly = false)
    {
        var required = shape["required"]?.AsArray().Select(r => (string?)r).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, node) in shape["members"]?.AsObject() ?? [])
        {
            var member = node!.AsObject();

            // Members in the URI, query or headers were matched by routing; the body holds the rest.
            if (bodyOnly && member["location"] is not null)
            {
                continue;
            }

            var wire = (string?)member["locationName"] ?? name;
            var memberPath = path.Length == 0 ? wire : $"{path}.{wire}";
            if (value[wire] is { } item)
            {
                Check(model, (string)member["shape"]!, item, memberPath, errors);
            }
            else if (required.Contains(name))
            {
                errors.Add(new ValidationError(memberPath, "is required."));
            }
        }
    }

    private static void Check(ServiceModel model, string shapeName, JsonNode value, string path, List<ValidationError> errors)
    {
        var shape = model.Shape(shapeName);
        switch ((string?)shape["type"])
        {
            case "structure":
                if (value is JsonObject structure)
                {
                    CheckMembers(model, shape, structure, path, errors);
                }
                else
                {
                    errors.Add(new ValidationError(path, "must be an object."));
                }

                break;
            case "list":
                if (value is not JsonArray list)
                {
                    errors.Add(new ValidationError(path, "must be a list."));
                    break;
                }

                Range(shape, list.Count, path, " items", errors);
                var itemShape = (string)shape["member"]!["shape"]!;
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item)
                    {
                        Check(model, itemShape, item, $"{path}[{i}]", errors);
                    }
                }

                break;
            case "map":
                if (value is not JsonObject map)
                {
                    errors.Add(new ValidationError(path, "must be a map."));
                    break;
                }

                var isTags = path.EndsWith("tags", StringComparison.OrdinalIgnoreCase);
                if (isTags && map.Count > MaxTags)
                {
                    errors.Add(new ValidationError(path, $"must have at most {MaxTags} tags."));
                }

                foreach (var (key, item) in map)
                {
                    Check(model, (string)shape["key"]!["shape"]!, JsonValue.Create(key), $"{path} key '{key}'", errors);
                    if (item is not null)
                    {
                        Check(model, (string)shape["value"]!["shape"]!, item, $"{path}.{key}", errors);
                    }

                    if (isTags)
                    {
                        CheckTag(key, item, path, errors);
                    }
                }

                break;
            case "string":
                if (value is not JsonValue stringValue || !stringValue.TryGetValue(out string? text))
                {
                    errors.Add(new ValidationError(path, "must be a string."));
                    break;
                }

                if (shape["enum"] is JsonArray values && !values.Any(v => (string?)v == text))
                {
                    errors.Add(new ValidationError(path, $"'{text}' is not a valid value: expected one of {string.Join(", ", values.Select(v => (string?)v))}."));
                }

                Range(shape, text.Length, path, " characters", errors);
                if (shape["pattern"] is JsonValue pattern && Pattern((string)pattern!) is { } regex && !regex.IsMatch(text))
                {
                    errors.Add(new ValidationError(path, $"'{text}' must match the pattern {(string)pattern!}."));
                }

                break;
            case "integer" or "long":
                if (value is not JsonValue integerValue || !integerValue.TryGetValue(out long integer))
                {
                    errors.Add(new ValidationError(path, "must be an integer."));
                    break;
                }

                Range(shape, integer, path, "", errors);
                break;
            case "double" or "float":
                if (value is not JsonValue numberValue || !numberValue.TryGetValue(out double number))
                {
                    errors.Add(new ValidationError(path, "must be a number."));
                    break;
                }

                Range(shape, number, path, "", errors);
                break;
            case "boolean":
                if (value is not JsonValue booleanValue || !booleanValue.TryGetValue(out bool _))
                {
                    errors.Add(new ValidationError(path, "must be true or false."));
                }

                break;
        }
    }

    /// <summary>
    /// AWS's rules for tags, which every service applies whether or not its model spells them out (MediaLive's and
    /// MediaPackage's do not): a key of 1 to 128 characters, a value of at most 256, both of letters, digits, spaces and
    /// _ . : / = + - @ only, and no key starting aws: (reserved for AWS's own).
    /// </summary>
    private static void CheckTag(string key, JsonNode? value, string path, List<ValidationError> errors)
    {
        if (key.Length is < 1 or > 128 || !TagCharacters().IsMatch(key))
        {
            errors.Add(new ValidationError(path, $"has the key '{key}': tag keys are 1 to 128 letters, digits, spaces and _ . : / = + - @."));
        }
        else if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ValidationError(path, $"has the key '{key}': tag keys starting aws: are reserved for AWS."));
        }

        var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : "";
        if (text.Length > 256 || !TagCharacters().IsMatch(text))
        {
            errors.Add(new ValidationError($"{path}.{key}", "is not a valid tag value: at most 256 letters, digits, spaces and _ . : / = + - @."));
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagCharacters();

    /// <summary>The model's min and max: of a string's length, a list's items, or a number itself.</summary>
    private static void Range(JsonObject shape, double value, string path, string unit, List<ValidationError> errors)
    {
        var what = unit.Length == 0 ? "be" : "have";
        if (shape["min"] is JsonValue min && value < min.GetValue<double>())
        {
            errors.Add(new ValidationError(path, $"must {what} at least {Format(min)}{unit}."));
        }

        if (shape["max"] is JsonValue max && value > max.GetValue<double>())
        {
            errors.Add(new ValidationError(path, $"must {what} at most {Format(max)}{unit}."));
        }
    }

    /// <summary>The model's pattern as a regular expression; null for one .NET cannot read (then not checked).</summary>
    private static Regex? Pattern(string pattern) => Patterns.GetOrAdd(pattern, static p =>
    {
        try
        {
            return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    });

    private static string Format(JsonValue limit) => limit.GetValue<double>().ToString(CultureInfo.InvariantCulture);
}
