using System.Globalization;
using System.Text;
using Airwave.Prometheus.Exposition;
using Airwave.Prometheus.Naming;

namespace Airwave.Prometheus.Collection;

/// <summary>Renders a measurement's tags as the label pairs of a series, which also identify the series.</summary>
internal static class LabelSet
{
    /// <summary>The labels of the series that takes measurements past an instrument's label-set cap (OpenTelemetry's name).</summary>
    public const string Overflow = "otel_metric_overflow=\"true\"";

    private const string BucketLabel = "le";

    /// <summary>
    /// <c>a="x",b="y"</c>, ordered by label name. Tags whose keys sanitise to the same label name
    /// (<c>a.b</c> and <c>a_b</c>) become one label whose values are joined with <c>;</c> in key order.
    /// </summary>
    /// <param name="histogram">
    /// A histogram's buckets carry the <c>le</c> label, so a tag of that name is renamed <c>key_le</c>:
    /// a label given twice would make Prometheus reject the whole scrape.
    /// </param>
    public static string Format(ReadOnlySpan<KeyValuePair<string, object?>> tags, bool histogram)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var labels = new Label[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var name = LabelNames.Sanitize(tags[i].Key);
            labels[i] = new Label(histogram && name == BucketLabel ? $"key_{BucketLabel}" : name, tags[i].Key, i, ValueText(tags[i].Value));
        }

        Array.Sort(labels);
        var text = new StringBuilder();
        for (var i = 0; i < labels.Length; i++)
        {
            var value = labels[i].Value;
            while (i + 1 < labels.Length && labels[i + 1].Name == labels[i].Name)
            {
                value = $"{value};{labels[++i].Value}";
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(labels[i].Name).Append("=\"").Append(TextFormat.EscapeLabelValue(value)).Append('"');
        }

        return text.ToString();
    }

    private static string ValueText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Ordered by label name, then tag key, then position, so equal tags always render the same.</summary>
    private readonly record struct Label(string Name, string Key, int Position, string Value) : IComparable<Label>
    {
        public int CompareTo(Label other)
        {
            var byName = string.CompareOrdinal(Name, other.Name);
            if (byName != 0)
            {
                return byName;
            }

            var byKey = string.CompareOrdinal(Key, other.Key);
            return byKey != 0 ? byKey : Position.CompareTo(other.Position);
        }
    }
}
