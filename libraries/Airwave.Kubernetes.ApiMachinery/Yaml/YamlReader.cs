using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Airwave.Kubernetes.ApiMachinery.Yaml;

/// <summary>
/// Reads YAML manifests into JSON, the way Kubernetes clients do before anything reaches the API:
/// plain scalars resolve by the YAML 1.2 core schema (null, booleans, integers, floats),
/// quoted and block scalars stay strings, anchors and aliases are expanded.
/// </summary>
public static partial class YamlReader
{
    /// <summary>Every non-empty document of a multi-document stream, in order.</summary>
    public static IReadOnlyList<JsonNode> ReadDocuments(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's parser throws this, without a position, when input ends inside a flow collection.
            throw new FormatException("invalid YAML: the input ends inside an unclosed [ ] or { }", e);
        }

        var documents = new List<JsonNode>();
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode) is { } node)
            {
                documents.Add(node);
            }
        }

        return documents;
    }

    /// <summary>The single document of a YAML (or JSON) text.</summary>
    public static JsonNode? Read(string yaml)
    {
        var documents = ReadDocuments(yaml);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0],
            _ => throw new FormatException($"expected one YAML document, found {documents.Count}"),
        };
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToJson(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => ToJson(scalar),
        _ => throw new FormatException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static JsonObject ToJson(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new FormatException($"only scalar mapping keys are supported (line {key.Start.Line})");
            }

            result[name] = ToJson(value);
        }

        return result;
    }

    private static JsonValue? ToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(text);
        }

        return Resolve(text);
    }

    private static JsonValue? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return JsonValue.Create(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return JsonValue.Create(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create(double.NaN);
        }

        if (DecimalInteger().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(text[2..]))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    /// <summary>True when a plain scalar with this text would not read back as a string.</summary>
    public static bool ResolvesToNonString(string text) => Resolve(text) is not { } value || value.GetValueKind() != System.Text.Json.JsonValueKind.String;

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
