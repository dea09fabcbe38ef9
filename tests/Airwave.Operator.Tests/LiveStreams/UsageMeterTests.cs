using Airwave.Aws.CloudWatch;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Sandbox.Aws;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// How a stream's delivery is read from CloudWatch (the emulator's, holding what MediaPackage published): one call of
/// hourly sums since the stream was made, split into what the reading's amounts are for, and a read CloudWatch refuses
/// leaves the last reading standing.
/// </summary>
public sealed class UsageMeterTests : IAsyncLifetime, IDisposable
{
    private static readonly Dictionary<string, string> Endpoint = new() { ["Channel"] = "channel-1", ["OriginEndpoint"] = "endpoint-1" };
    private static readonly MeteredUsage Delivery = MeteredUsage.PerGb(new Metric("AWS/MediaPackage", "EgressBytes", [new("Channel", "channel-1"), new("OriginEndpoint", "endpoint-1")]), price: 1m);
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Created = new(2026, 10, 25, 8, 10, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SessionStart = new(2026, 11, 20, 10, 40, 0, TimeSpan.Zero);
    private readonly HttpClient _http = new();
    private readonly RecordedLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private AwsEmulator _aws = null!;
    private UsageMeter _meter = null!;

    public UsageMeterTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    public async Task InitializeAsync()
    {
        _aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);
        var options = AwsClientOptions.ForEmulator(_aws.BaseAddress) with { Retry = new AwsRetryOptions { MaxRetries = 0 } };
        var cloudWatch = new CloudWatchClient(_http, options, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        _meter = new UsageMeter(cloudWatch, _loggers.CreateLogger<UsageMeter>());
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _loggers.Dispose();
    }

    [Fact]
    public async Task A_reading_splits_the_bytes_into_the_total_the_month_the_session_from_its_hour_and_the_last_whole_hour()
    {
        Served(new(2026, 10, 30, 10, 5, 0, TimeSpan.Zero), 2_000_000_000);   // last month
        Served(new(2026, 11, 5, 9, 0, 0, TimeSpan.Zero), 1_000_000_000);     // this month, before the session
        Served(new(2026, 11, 20, 10, 20, 0, TimeSpan.Zero), 500_000_000);    // the hour the session began in
        Served(new(2026, 11, 20, 11, 30, 0, TimeSpan.Zero), 250_000_000);    // the last whole hour
        Served(new(2026, 11, 20, 12, 10, 0, TimeSpan.Zero), 125_000_000);    // this hour, so far

        var reading = await _meter.ReadAsync("LiveStream team/keynote", Delivery, Created, SessionStart, Now, CancellationToken.None);

        Assert.Equal(new UsageReading(Total: 3.875m, Session: 0.875m, MonthToDate: 1.875m, LastHour: 0.25m, MeasuredAt: Now), reading);
        Assert.Equal(1, _aws.Inventory.Calls.Counts["CloudWatch.GetMetricData"]);
    }

    [Fact]
    public async Task Seconds_viewers_watched_are_billed_by_the_hour()
    {
        var channel = new Dictionary<string, string> { ["Channel"] = "AbCdEf123456" };
        var watched = MeteredUsage.PerHour(new Metric("AWS/IVS", "LiveDeliveredTime", [new("Channel", "AbCdEf123456")]), price: 0.075m);
        _aws.Metrics.Record("AWS/IVS", "LiveDeliveredTime", channel, new(2026, 11, 20, 11, 0, 0, TimeSpan.Zero), 3600);
        _aws.Metrics.Record("AWS/IVS", "LiveDeliveredTime", channel, new(2026, 11, 20, 12, 1, 0, TimeSpan.Zero), 1800);
        // Another channel's viewers are not this stream's.
        _aws.Metrics.Record("AWS/IVS", "LiveDeliveredTime", new Dictionary<string, string> { ["Channel"] = "ZyXwVu987654" }, new(2026, 11, 20, 12, 1, 0, TimeSpan.Zero), 7200);

        var reading = await _meter.ReadAsync("LiveStream team/standup", watched, Created, SessionStart, Now, CancellationToken.None);

        Assert.Equal(new UsageReading(Total: 0.1125m, Session: 0.1125m, MonthToDate: 0.1125m, LastHour: 0.075m, MeasuredAt: Now), reading);
    }

    [Fact]
    public async Task A_read_cloudwatch_refuses_gives_no_reading_and_the_log_says_why()
    {
        _aws.Faults.RejectNext(1, AwsServiceKind.CloudWatch, "GetMetricData");

        var reading = await _meter.ReadAsync("LiveStream team/keynote", Delivery, Created, SessionStart, Now, CancellationToken.None);

        Assert.Null(reading);
        var line = Assert.Single(_logs.Lines);
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("Could not read EgressBytes of LiveStream team/keynote from CloudWatch; its cost keeps its last reading: ", line, StringComparison.Ordinal);
        Assert.Contains("GetMetricData failed: the request is not valid (injected fault)", line, StringComparison.Ordinal);
    }

    private void Served(DateTimeOffset at, double bytes) => _aws.Metrics.Record("AWS/MediaPackage", "EgressBytes", Endpoint, at, bytes);
}
