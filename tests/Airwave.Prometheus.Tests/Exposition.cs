using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Prometheus.Tests;

/// <summary>The samples of a text exposition, for tests that check values rather than exact text.</summary>
internal static partial class Exposition
{
    public static IReadOnlyList<Sample> Samples(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')).Select(Parse)];

    public static double Value(string text, string name, string labels = "") =>
        Samples(text).Single(s => s.Name == name && s.Labels == labels).Value;

    public static IReadOnlyList<string> TypeLines(string text) =>
        [.. text.Split('\n').Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))];

    private static Sample Parse(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"not a sample line: {line}");
        }

        var value = match.Groups["value"].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var number => double.Parse(number, CultureInfo.InvariantCulture),
        };
        return new Sample(match.Groups["name"].Value, match.Groups["labels"].Value, value);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    public sealed record Sample(string Name, string Labels, double Value);
}
