using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;

namespace Airwave.Mux.Http;

/// <summary>Every Mux API call attempt, by operation and outcome, with its latency (meter "Airwave.Mux").</summary>
internal static class MuxMetrics
{
    public const string MeterName = "Airwave.Mux";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "airwave.mux.requests", "{request}", "Mux API call attempts, retries included.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "airwave.mux.request.duration",
        "s",
        "Latency of Mux API call attempts.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static void Record(string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
        Requests.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>success, throttled, client_error, server_error or network_error.</summary>
    public static string Outcome(HttpStatusCode? status) => status switch
    {
        null => "network_error",
        HttpStatusCode.TooManyRequests => "throttled",
        >= HttpStatusCode.InternalServerError => "server_error",
        >= HttpStatusCode.BadRequest => "client_error",
        _ => "success",
    };
}
