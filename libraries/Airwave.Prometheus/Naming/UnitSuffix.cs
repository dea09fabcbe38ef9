namespace Airwave.Prometheus.Naming;

/// <summary>
/// Turns an instrument's UCUM unit, as OpenTelemetry semantic conventions write it, into the word Prometheus
/// puts at the end of a metric name: <c>s</c> → <c>seconds</c>, <c>By</c> → <c>bytes</c>, <c>By/s</c> →
/// <c>bytes_per_second</c>. Annotations in braces (<c>{request}</c>) name what is counted, not a unit, and are dropped.
/// </summary>
internal static class UnitSuffix
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>The name suffix for <paramref name="unit"/>, or an empty string when it adds none.</summary>
    /// <param name="isGauge">OpenTelemetry names the dimensionless unit <c>1</c> a ratio only on gauges.</param>
    public static string For(string? unit, bool isGauge)
    {
        var bare = WithoutAnnotations(unit);
        if (bare.Length == 0)
        {
            return string.Empty;
        }

        if (bare == "1")
        {
            return isGauge ? "ratio" : string.Empty;
        }

        var slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Word(bare, Units);
        }

        var numerator = Word(bare[..slash], Units);
        var denominator = Word(bare[(slash + 1)..], PerUnits);
        if (denominator.Length == 0)
        {
            return numerator;
        }

        return numerator.Length == 0 ? $"per_{denominator}" : $"{numerator}_per_{denominator}";
    }

    private static string Word(string unit, Dictionary<string, string> known) =>
        known.TryGetValue(unit, out var word) ? word : MetricNames.Sanitize(unit).Trim('_');

    private static string WithoutAnnotations(string? unit)
    {
        if (string.IsNullOrEmpty(unit) || !unit.Contains('{', StringComparison.Ordinal))
        {
            return unit?.Trim() ?? string.Empty;
        }

        var bare = new System.Text.StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                bare.Append(c);
            }
        }

        return bare.ToString().Trim();
    }
}
