using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.Api.Common;

namespace Airwave.Api.Validation;

/// <summary>
/// Durations in the form <see cref="Patterns.Duration"/> allows (30m, 1h30m, 90s): the spec's, which the CRD schema
/// checks. The operator's settings take more forms (10, 500ms, 00:00:10), read by Airwave.Configuration, which the
/// API's types do not depend on.
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null || !Whole().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in Part().Matches(text))
        {
            var amount = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }

        return true;
    }

    [GeneratedRegex(Patterns.Duration)]
    private static partial Regex Whole();

    [GeneratedRegex("([0-9]+)(h|m|s)")]
    private static partial Regex Part();
}
