namespace Airwave.Prometheus.Tests;

public class ConcurrencyTests
{
    private const int Writers = 4;
    private const int MeasurementsPerWriter = 20_000;

    [Fact]
    public async Task Concurrent_recording_loses_nothing_and_every_collection_is_consistent()
    {
        using var metrics = new IsolatedMetrics();
        var calls = metrics.Meter.CreateCounter<long>("airwave.aws.calls", "{call}");
        var duration = metrics.Meter.CreateHistogram<double>("airwave.aws.call.duration", "s");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(
            () =>
            {
                for (var i = 0; i < MeasurementsPerWriter; i++)
                {
                    KeyValuePair<string, object?> outcome = new("outcome", i % 3 == 0 ? "error" : "success");
                    calls.Add(1, outcome);
                    duration.Record((i % 100) / 10.0, outcome);
                }
            },
            timeout.Token)).ToArray();
        var collections = new List<string>();
        var writing = Task.WhenAll(writers);
        while (!writing.IsCompleted && collections.Count < 1_000)
        {
            collections.Add(metrics.Collect());
            await Task.Yield();
        }

        await writing.WaitAsync(timeout.Token);
        collections.Add(metrics.Collect());

        foreach (var text in collections)
        {
            AssertHistogramsConsistent(text);
        }

        var final = collections[^1];
        var errors = Writers * ((MeasurementsPerWriter + 2) / 3);
        var successes = (Writers * MeasurementsPerWriter) - errors;
        Assert.Equal(errors, Exposition.Value(final, "airwave_aws_calls_total", "outcome=\"error\""));
        Assert.Equal(successes, Exposition.Value(final, "airwave_aws_calls_total", "outcome=\"success\""));
        Assert.Equal(errors, Exposition.Value(final, "airwave_aws_call_duration_seconds_count", "outcome=\"error\""));
        Assert.Equal(successes, Exposition.Value(final, "airwave_aws_call_duration_seconds_count", "outcome=\"success\""));
    }

    private static void AssertHistogramsConsistent(string text)
    {
        var samples = Exposition.Samples(text);
        foreach (var count in samples.Where(s => s.Name == "airwave_aws_call_duration_seconds_count"))
        {
            var buckets = samples
                .Where(s => s.Name == "airwave_aws_call_duration_seconds_bucket" && s.Labels.StartsWith(count.Labels + ",", StringComparison.Ordinal))
                .Select(s => s.Value)
                .ToList();
            Assert.Equal(buckets.Order(), buckets);
            Assert.Equal(count.Value, buckets[^1]);
        }
    }
}
