using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The chart's Grafana dashboard against what the running operator and webhook service export: every query names only
/// their metrics (as their /metrics declares them), and a real Prometheus evaluates every query.
/// </summary>
public sealed partial class DashboardTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private static readonly HashSet<string> Keywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset"];

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Every_dashboard_query_names_only_metrics_airwave_exports_and_prometheus_evaluates_it()
    {
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var metrics in new[] { new Uri(sandbox.Host.OperatorAddress!, "/metrics"), new Uri(sandbox.ManagementUrl, "metrics") })
        {
            foreach (Match type in TypeLine().Matches(await _http.GetStringAsync(metrics)))
            {
                families[type.Groups["name"].Value] = type.Groups["type"].Value;
            }
        }

        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Repository.Path("charts", "airwave", "dashboards", "airwave.json")))!;
        var queries = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
        Assert.True(queries.Count >= 10, $"the dashboard has {queries.Count} queries");
        foreach (var query in queries)
        {
            var names = MetricNames(query).ToList();
            Assert.True(names.Count > 0, $"{query} names no metric");
            foreach (var name in names)
            {
                Assert.True(IsExported(name, families), $"{query} names {name}, which neither the operator nor the webhook exports");
            }
        }

        using var prometheus = await PrometheusServer.StartAsync(new Uri(sandbox.ManagementUrl, "metrics"), CancellationToken.None);
        foreach (var query in queries)
        {
            try
            {
                await prometheus.QueryAsync(query, CancellationToken.None);
            }
            catch (HttpRequestException e)
            {
                Assert.Fail($"Prometheus refuses {query}: {e.Message}");
            }
        }
    }

    [Fact]
    public void Metric_names_are_told_apart_from_functions_labels_and_keywords()
    {
        Assert.Equal(
            ["airwave_a_bucket", "airwave_b_total"],
            MetricNames("histogram_quantile(0.9, sum by (le) (rate(airwave_a_bucket{kind=\"x\", name=~\"a|b\"}[5m]))) / on() group_left sum(airwave_b_total offset 5m)").Order(StringComparer.Ordinal));
        Assert.False(IsExported("up", new Dictionary<string, string> { ["airwave_x"] = "gauge" }));
        Assert.True(IsExported("airwave_h_count", new Dictionary<string, string> { ["airwave_h"] = "histogram" }));
        Assert.False(IsExported("airwave_g_count", new Dictionary<string, string> { ["airwave_g"] = "gauge" }));
    }

    /// <summary>The metric names in a PromQL expression: identifiers outside label matchers, ranges and groupings that are not functions or keywords.</summary>
    private static IEnumerable<string> MetricNames(string query)
    {
        var bare = Quoted().Replace(query, "");
        bare = Braces().Replace(bare, " ");
        bare = Brackets().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        return Identifier().Matches(bare)
            .Where(m => !m.Groups["call"].Success && !Keywords.Contains(m.Groups["name"].Value))
            .Select(m => m.Groups["name"].Value)
            .Where(n => !char.IsDigit(n[0]))
            .Distinct(StringComparer.Ordinal);
    }

    private static bool IsExported(string name, Dictionary<string, string> families) =>
        families.ContainsKey(name)
        || HistogramSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)
            && families.TryGetValue(name[..^suffix.Length], out var type) && type is "histogram" or "summary");

    [GeneratedRegex("^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>[a-z]+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex("\"(\\\\.|[^\"\\\\])*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![a-zA-Z0-9_:.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
