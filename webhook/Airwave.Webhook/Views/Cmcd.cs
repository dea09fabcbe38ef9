using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Airwave.Webhook.Views;

/// <summary>
/// Common Media Client Data (CTA-5004): the keys players such as hls.js, dash.js, Shaka Player, ExoPlayer and AVPlayer
/// send, as the value of a <c>CMCD</c> query argument or of the CMCD-Request, CMCD-Object, CMCD-Status and
/// CMCD-Session headers (<c>br=3200,bl=21300,bs,sid="6e2f…",ot=v</c>), or as a JSON object. The reserved keys must
/// have their types; custom keys (with a hyphen, <c>com.example-key</c>) are kept as sent.
/// </summary>
public static partial class Cmcd
{
    public const int MaxKeys = 32;

    public static readonly IReadOnlyList<string> HeaderNames = ["CMCD-Request", "CMCD-Object", "CMCD-Status", "CMCD-Session"];

    private const int MaxStringLength = 256;

    private static readonly Dictionary<string, KeyType> Reserved = new(StringComparer.Ordinal)
    {
        ["br"] = KeyType.Integer, ["bl"] = KeyType.Integer, ["bs"] = KeyType.Boolean, ["cid"] = KeyType.String,
        ["d"] = KeyType.Integer, ["dl"] = KeyType.Integer, ["mtp"] = KeyType.Integer, ["nor"] = KeyType.String,
        ["nrr"] = KeyType.String, ["ot"] = KeyType.Token, ["pr"] = KeyType.Decimal, ["rtp"] = KeyType.Integer,
        ["sf"] = KeyType.Token, ["sid"] = KeyType.String, ["st"] = KeyType.Token, ["su"] = KeyType.Boolean,
        ["tb"] = KeyType.Integer, ["v"] = KeyType.Integer,
    };

    private enum KeyType
    {
        Integer,
        Decimal,
        Boolean,
        String,
        Token,
    }

    /// <summary>Adds the keys of one text payload to <paramref name="into"/>; the error names what is wrong.</summary>
    public static bool TryParse(string text, Dictionary<string, object> into, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(into);
        foreach (var pair in SplitPairs(text))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            if (!KeyPattern().IsMatch(key))
            {
                error = $"\"{Clip(key)}\" is not a CMCD key (lower-case letters, digits, '.', '_' and '-'; custom keys carry a hyphen)";
                return false;
            }

            // A key alone is a true boolean.
            if ((equals < 0 ? true : ParseValue(pair[(equals + 1)..])) is not { } value)
            {
                error = $"the value of CMCD key {key} is neither a number, a quoted string, a token nor a boolean";
                return false;
            }

            if (!TryAdd(into, key, value, out error))
            {
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Adds the keys of a JSON object (CTA-5004's JSON form) to <paramref name="into"/>.</summary>
    public static bool TryParse(JsonElement report, Dictionary<string, object> into, out string? error)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (report.ValueKind != JsonValueKind.Object)
        {
            error = "a CMCD report in JSON is an object of keys and values";
            return false;
        }

        foreach (var property in report.EnumerateObject())
        {
            if (!KeyPattern().IsMatch(property.Name))
            {
                error = $"\"{Clip(property.Name)}\" is not a CMCD key";
                return false;
            }

            object? value = property.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number when property.Value.TryGetInt64(out var whole) => whole,
                JsonValueKind.Number => property.Value.GetDouble(),
                _ => null,
            };
            if (value is null)
            {
                error = $"the value of CMCD key {property.Name} is neither a number, a string nor a boolean";
                return false;
            }

            // In JSON a token is a string: a reserved token key's value is checked as one.
            if (value is string text && Reserved.TryGetValue(property.Name, out var type) && type == KeyType.Token)
            {
                value = new CmcdToken(text);
            }

            if (!TryAdd(into, property.Name, value, out error))
            {
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>The keys as a JSON-ready dictionary: tokens as their text.</summary>
    public static IReadOnlyDictionary<string, object> Plain(Dictionary<string, object> keys) =>
        keys.ToDictionary(kv => kv.Key, kv => kv.Value is CmcdToken token ? token.Text : kv.Value, StringComparer.Ordinal);

    private static bool TryAdd(Dictionary<string, object> into, string key, object value, out string? error)
    {
        if (Reserved.TryGetValue(key, out var type) && !Fits(type, value))
        {
            error = $"CMCD key {key} takes {Describe(type)}";
            return false;
        }

        if (value is string { Length: > MaxStringLength })
        {
            error = $"the value of CMCD key {key} is longer than {MaxStringLength} characters";
            return false;
        }

        into[key] = value;
        if (into.Count > MaxKeys)
        {
            error = $"a CMCD report carries at most {MaxKeys} keys";
            return false;
        }

        error = null;
        return true;
    }

    private static bool Fits(KeyType type, object value) => type switch
    {
        KeyType.Integer => value is long,
        KeyType.Decimal => value is long or double,
        KeyType.Boolean => value is bool,
        KeyType.String => value is string,
        KeyType.Token => value is CmcdToken token && TokenPattern().IsMatch(token.Text),
        _ => false,
    };

    private static string Describe(KeyType type) => type switch
    {
        KeyType.Integer => "an integer",
        KeyType.Decimal => "a number",
        KeyType.Boolean => "a boolean (the key alone for true)",
        KeyType.String => "a quoted string",
        _ => "a token (unquoted, such as v or h)",
    };

    private static object? ParseValue(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return Unquote(value[1..^1]);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        if (DecimalPattern().IsMatch(value))
        {
            return double.Parse(value, CultureInfo.InvariantCulture);
        }

        return value switch
        {
            "true" => true,
            "false" => false,
            _ when TokenPattern().IsMatch(value) => new CmcdToken(value),
            _ => null,
        };
    }

    private static string? Unquote(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\')
            {
                if (++i == quoted.Length)
                {
                    return null;
                }
            }
            else if (quoted[i] == '"')
            {
                return null;
            }

            text.Append(quoted[i]);
        }

        return text.ToString();
    }

    /// <summary>The comma-separated pairs, commas inside quoted strings left alone.</summary>
    private static IEnumerable<string> SplitPairs(string text)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && quoted)
            {
                i++;
            }
            else if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == ',' && !quoted)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        yield return text[start..].Trim();
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex("^[a-z0-9][a-zA-Z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z*][A-Za-z0-9_.:/*!#$%&'+^`|~-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^-?[0-9]+\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();

    /// <summary>An unquoted value such as <c>v</c> in <c>ot=v</c>: told apart from a quoted string, which a token key does not take.</summary>
    private sealed record CmcdToken(string Text);
}
