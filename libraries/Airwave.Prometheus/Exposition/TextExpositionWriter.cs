using System.Text;

namespace Airwave.Prometheus.Exposition;

/// <summary>Writes metric families in the Prometheus text exposition format 0.0.4.</summary>
internal static class TextExpositionWriter
{
    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(TextFormat.EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TextFormat.TypeName(family.Type)).Append('\n');
            foreach (var point in family.Series)
            {
                switch (point)
                {
                    case ValuePoint value:
                        AppendSample(text, family.Name, value.Labels, value.Value);
                        break;
                    case HistogramPoint histogram:
                        AppendHistogram(text, family, histogram);
                        break;
                    default:
                        throw new InvalidOperationException($"Unexpected series point {point.GetType().Name}.");
                }
            }
        }

        return text.ToString();
    }

    private static void AppendHistogram(StringBuilder text, MetricFamily family, HistogramPoint histogram)
    {
        var bucketName = $"{family.Name}_bucket";
        var separator = histogram.Labels.Length == 0 ? string.Empty : ",";
        long cumulative = 0;
        for (var i = 0; i < histogram.BucketCounts.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            var bound = i < family.HistogramBounds.Count ? family.HistogramBounds[i] : double.PositiveInfinity;
            AppendSample(text, bucketName, $"{histogram.Labels}{separator}le=\"{TextFormat.FormatNumber(bound)}\"", cumulative);
        }

        AppendSample(text, $"{family.Name}_sum", histogram.Labels, histogram.Sum);
        // The count is the +Inf bucket by construction, so the two always agree.
        AppendSample(text, $"{family.Name}_count", histogram.Labels, cumulative);
    }

    private static void AppendSample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(TextFormat.FormatNumber(value)).Append('\n');
    }
}
