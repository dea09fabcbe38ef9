using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Configuration;

/// <summary>
/// Durations and switches as people write them in environment variables, Helm values and JSON files:
/// <c>10</c> (seconds), <c>10s</c>, <c>1m30s</c>, <c>500ms</c> or <c>00:00:10</c>; <c>true/false/yes/no/1/0</c> in any case.
/// </summary>
public static partial class SettingValues
{
    public const string DurationExamples = "a duration such as 10 (seconds), 10s, 1m, 1h30m or 500ms";

    public const string BooleanExamples = "true, false, yes, no, 1 or 0";

    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return TryFromSeconds(seconds, out duration);
        }

        // .NET's own "c" format, which is how TimeSpan settings were written before and how TimeSpan prints.
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        if (!GoDuration().IsMatch(value))
        {
            return false;
        }

        var total = 0m;
        foreach (Match part in DurationPart().Matches(value))
        {
            var amount = decimal.Parse(part.Groups["amount"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += amount * part.Groups["unit"].Value switch
            {
                "ms" => 0.001m,
                "s" => 1m,
                "m" => 60m,
                "h" => 3600m,
                _ => 86400m,
            };
        }

        return TryFromSeconds(total, out duration);
    }

    public static bool TryParseBoolean(string? text, out bool value)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "TRUE" or "YES" or "1":
                value = true;
                return true;
            case "FALSE" or "NO" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool TryFromSeconds(decimal seconds, out TimeSpan duration)
    {
        duration = default;
        if (seconds > (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    // As Go (and so Kubernetes and Helm) writes durations, plus days: 1h30m, 500ms, 1.5s, 7d.
    [GeneratedRegex(@"^(\d+(\.\d+)?(ms|s|m|h|d))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)")]
    private static partial Regex DurationPart();
}
