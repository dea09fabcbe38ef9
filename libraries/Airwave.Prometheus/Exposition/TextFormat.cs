using System.Globalization;
using System.Text;

namespace Airwave.Prometheus.Exposition;

/// <summary>Escaping and number formatting of the Prometheus text exposition format 0.0.4.</summary>
internal static class TextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A <c># HELP</c> text may hold anything but a raw backslash or line break.</summary>
    public static string EscapeHelp(string help) => Escape(help, escapeQuote: false);

    /// <summary>A label value is quoted, so a double quote is escaped as well.</summary>
    public static string EscapeLabelValue(string value) => Escape(value, escapeQuote: true);

    /// <summary>Shortest round-trip form, which Go's ParseFloat (the Prometheus parser) reads back exactly.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text, bool escapeQuote)
    {
        if (text.AsSpan().IndexOfAny(escapeQuote ? "\\\n\"" : "\\\n") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                case '"' when escapeQuote:
                    escaped.Append("\\\"");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
