using System.Globalization;
using System.Text.Json;
using Airwave.Prometheus.Tests.Hosting;

namespace Airwave.Prometheus.Tests;

/// <summary>A real Prometheus server scrapes a service's /metrics, in OpenMetrics as it asks, and answers PromQL about it.</summary>
public class PrometheusServerTests
{
    private const int MaxQueries = 240;

    [Fact]
    public async Task Prometheus_scrapes_the_service_and_answers_a_PromQL_query()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var app = await MetricsApp.StartAsync(timeout.Token);
        app.Domain.RecordTypicalActivity();
        using var prometheus = await PrometheusServer.StartAsync(app.MetricsUrl, timeout.Token);

        const string Query = """sum by (outcome) (airwave_reconciles_total{job="airwave-test",kind="LiveStream"})""";
        var result = await QueryUntilAnsweredAsync(prometheus, Query, timeout.Token);

        var byOutcome = result.EnumerateArray().ToDictionary(
            series => series.GetProperty("metric").GetProperty("outcome").GetString()!,
            series => double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, double> { ["error"] = 1, ["success"] = 3 }, byOutcome);

        // Prometheus asks for OpenMetrics first; the answer it got was in that format.
        Assert.Contains(app.ServedContentTypes, type => type.StartsWith("application/openmetrics-text; version=1.0.0", StringComparison.Ordinal));
    }

    /// <summary>Queries until the first scrape has landed: at most <see cref="MaxQueries"/> times, within the token's time.</summary>
    private static async Task<JsonElement> QueryUntilAnsweredAsync(PrometheusServer prometheus, string query, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxQueries; attempt++)
        {
            var result = await prometheus.QueryAsync(query, cancellationToken);
            if (result.GetArrayLength() > 0)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"Prometheus had no data for {query} after {MaxQueries} queries:\n{prometheus.Output}");
    }
}
