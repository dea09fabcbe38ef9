using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>A JSON Pointer (RFC 6901): "/a/b~1c/0" addresses a → "b/c" → index 0; "" is the whole document.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public string LastToken => Tokens[^1];

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer \"{text}\": it must be empty or start with \"/\"");
        }

        var tokens = new List<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            tokens.Add(Unescape(text, raw));
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>True when this pointer addresses <paramref name="other"/> or something inside it.</summary>
    public bool StartsWith(JsonPointer other)
    {
        if (other.Tokens.Count > Tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < other.Tokens.Count; i++)
        {
            if (Tokens[i] != other.Tokens[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The node the pointer's parent addresses (the container of the last token).</summary>
    public JsonNode? ResolveParent(JsonNode? document) => Resolve(document, Tokens.Count - 1);

    /// <summary>The addressed node; throws when any step is missing.</summary>
    public JsonNode? Resolve(JsonNode? document) => Resolve(document, Tokens.Count);

    /// <summary>The array index a token denotes: digits without leading zeros.</summary>
    public int ArrayIndex(string token, int upperBound)
    {
        var valid = token.Length > 0
            && token.All(char.IsAsciiDigit)
            && (token.Length == 1 || token[0] != '0')
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        if (!valid)
        {
            throw new PatchException($"path \"{Text}\": \"{token}\" is not a valid array index");
        }

        var index = int.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture);
        if (index > upperBound)
        {
            throw new PatchException($"path \"{Text}\": array index {index} is out of bounds (the array has {upperBound} elements)");
        }

        return index;
    }

    public override string ToString() => Text;

    private JsonNode? Resolve(JsonNode? document, int depth)
    {
        var current = document;
        for (var i = 0; i < depth; i++)
        {
            var token = Tokens[i];
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when token != "-" => array[ArrayIndex(token, array.Count - 1)],
                _ => throw new PatchException($"path \"{Text}\" does not exist: nothing at \"{Prefix(i + 1)}\""),
            };
        }

        return current;
    }

    private string Prefix(int depth)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            builder.Append('/').Append(Tokens[i].Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }

        return builder.ToString();
    }

    private static string Unescape(string text, string raw)
    {
        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                builder.Append(raw[i]);
                continue;
            }

            var next = i + 1 < raw.Length ? raw[i + 1] : ' ';
            builder.Append(next switch
            {
                '0' => '~',
                '1' => '/',
                _ => throw new PatchException($"invalid JSON pointer \"{text}\": \"~\" must be followed by 0 or 1"),
            });
            i++;
        }

        return builder.ToString();
    }
}
