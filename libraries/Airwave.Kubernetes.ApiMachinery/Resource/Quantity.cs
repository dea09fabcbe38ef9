using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Kubernetes.ApiMachinery.Resource;

/// <summary>
/// A Kubernetes resource quantity (`500m`, `1.5`, `128Mi`, `1e3`) as its exact value: a number with a binary
/// suffix (Ki to Ei), a decimal one (n, u, m, k, M to E) or a decimal exponent, as apimachinery's resource.Quantity
/// parses it.
/// </summary>
public static partial class Quantity
{
    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["E"] = 1e18m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <exception cref="FormatException">The text is not a quantity; the message says what a quantity looks like.</exception>
    public static decimal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Syntax().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {text}");
        }

        var suffix = match.Groups["suffix"].Value;
        if (Suffixes.TryGetValue(suffix, out var multiplier))
        {
            return number * multiplier;
        }

        var exponent = int.Parse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return number * (decimal)Math.Pow(10, exponent);
    }

    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?<suffix>|[numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)$")]
    private static partial Regex Syntax();
}
