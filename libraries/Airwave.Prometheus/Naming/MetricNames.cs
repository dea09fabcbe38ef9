using System.Text;
using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Naming;

/// <summary>
/// Prometheus metric family names for System.Diagnostics.Metrics instruments, following the OpenTelemetry
/// to Prometheus conventions and the rules <c>promtool check metrics</c> lints for.
/// </summary>
internal static class MetricNames
{
    private const string TotalSuffix = "_total";

    /// <summary>Suffixes Prometheus gives meaning to: a gauge that ends in one reads as part of a counter or histogram.</summary>
    private static readonly string[] ReservedSuffixes = [TotalSuffix, "_count", "_sum", "_bucket"];

    /// <summary>
    /// <c>dotnet.gc.pause.time</c>, unit <c>s</c>, counter → <c>dotnet_gc_pause_time_seconds_total</c>:
    /// the sanitised name, then the unit's word unless the name already ends in it, then <c>_total</c> on counters.
    /// Other types whose name would end in a reserved suffix get <c>_current</c> appended.
    /// </summary>
    public static string FamilyName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName);
        if (type == MetricType.Counter && name.EndsWith(TotalSuffix, StringComparison.Ordinal))
        {
            name = name[..^TotalSuffix.Length];
        }

        var unitWord = UnitSuffix.For(unit, isGauge: type == MetricType.Gauge);
        if (unitWord.Length > 0 && !name.EndsWith($"_{unitWord}", StringComparison.Ordinal) && name != unitWord)
        {
            name = $"{name}_{unitWord}";
        }

        if (type == MetricType.Counter)
        {
            return name + TotalSuffix;
        }

        return ReservedSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)) ? $"{name}_current" : name;
    }

    /// <summary>
    /// Every character outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c> (colons too: they are reserved for recording
    /// rules), runs of <c>_</c> collapse to one, and a leading digit gets a <c>_</c> in front.
    /// </summary>
    public static string Sanitize(string name)
    {
        var sanitized = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            sanitized.Append('_');
        }

        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) ? c : '_';
            if (valid != '_' || sanitized.Length == 0 || sanitized[^1] != '_')
            {
                sanitized.Append(valid);
            }
        }

        return sanitized.ToString();
    }
}
