using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;

namespace Airwave.Testing;

/// <summary>One scrape of a metrics endpoint or registry in the Prometheus text format: its samples, as Prometheus reads them.</summary>
public sealed partial class Scrape
{
    public Scrape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Samples = [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')).Select(Parse)];
    }

    public string Text { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>What a service's /metrics would answer now, read from its registry without HTTP.</summary>
    public static async Task<Scrape> OfAsync(CollectorRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, cancellationToken);
        return new Scrape(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The sum of the samples named <paramref name="name"/> that carry every label given; 0 when there are none.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

    public override string ToString() => Text;

    private static MetricSample Parse(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"not a sample line: {line}");
        }

        var labels = LabelPair().Matches(match.Groups["labels"].Value)
            .ToDictionary(pair => pair.Groups["name"].Value, pair => Unescape(pair.Groups["value"].Value));
        var value = match.Groups["value"].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var number => double.Parse(number, CultureInfo.InvariantCulture),
        };
        return new MetricSample(match.Groups["name"].Value, labels, value);
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            text.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] switch { 'n' => '\n', var c => c } : value[i]);
        }

        return text.ToString();
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}

/// <summary>One sample line: a series' name, labels and value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
