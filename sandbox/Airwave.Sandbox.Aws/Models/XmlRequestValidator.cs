using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.Models;

/// <summary>
/// Checks a rest-xml request document (CloudFront's) against its shape in the service's model: required members,
/// enum values, numbers, booleans, lengths, ranges and item counts, answered in the words of AWS's validation errors.
/// Which elements may appear, and in what order, is <c>DistributionConfigShape</c>'s concern.
/// </summary>
internal static class XmlRequestValidator
{
    public static void Validate(ServiceModel model, string shapeName, XElement document)
    {
        var errors = new List<string>();
        Check(model, shapeName, document, Camel(document.Name.LocalName), errors);
        if (errors.Count > 0)
        {
            var count = errors.Count == 1 ? "1 validation error" : $"{errors.Count.ToString(CultureInfo.InvariantCulture)} validation errors";
            throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"{count} detected: {string.Join("; ", errors)}");
        }
    }

    private static void Check(ServiceModel model, string shapeName, XElement element, string path, List<string> errors)
    {
        var shape = model.Shape(shapeName);
        var text = element.Value;
        switch ((string?)shape["type"])
        {
            case "structure":
                var required = shape["required"]?.AsArray().Select(r => (string?)r).ToHashSet(StringComparer.Ordinal) ?? [];
                foreach (var (name, node) in shape["members"]?.AsObject() ?? [])
                {
                    var member = node!.AsObject();
                    var wire = (string?)member["locationName"] ?? name;
                    var memberPath = $"{path}.{Camel(wire)}";
                    if (element.Element(element.Name.Namespace + wire) is { } child)
                    {
                        Check(model, (string)member["shape"]!, child, memberPath, errors);
                    }
                    else if (required.Contains(name))
                    {
                        errors.Add($"Value null at '{memberPath}' failed to satisfy constraint: Member must not be null");
                    }
                }

                break;
            case "list":
                var items = element.Elements().ToList();
                Range(shape, items.Count, path, "length", errors);
                var itemShape = (string)shape["member"]!["shape"]!;
                for (var i = 0; i < items.Count; i++)
                {
                    Check(model, itemShape, items[i], $"{path}.{(i + 1).ToString(CultureInfo.InvariantCulture)}.member", errors);
                }

                break;
            case "string":
                if (shape["enum"] is JsonArray values && !values.Any(v => (string?)v == text))
                {
                    errors.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values.Select(v => (string?)v))}]");
                }

                Range(shape, text.Length, path, "length", errors);
                break;
            case "integer" or "long":
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must be an integer");
                    break;
                }

                Range(shape, number, path, "value", errors);
                break;
            case "boolean":
                if (text is not ("true" or "false"))
                {
                    errors.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must be true or false");
                }

                break;
        }
    }

    private static void Range(JsonObject shape, double value, string path, string what, List<string> errors)
    {
        if (shape["min"] is JsonValue min && value < min.GetValue<double>())
        {
            errors.Add($"Value at '{path}' failed to satisfy constraint: Member must have {what} greater than or equal to {min.GetValue<double>().ToString(CultureInfo.InvariantCulture)}");
        }

        if (shape["max"] is JsonValue max && value > max.GetValue<double>())
        {
            errors.Add($"Value at '{path}' failed to satisfy constraint: Member must have {what} less than or equal to {max.GetValue<double>().ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
