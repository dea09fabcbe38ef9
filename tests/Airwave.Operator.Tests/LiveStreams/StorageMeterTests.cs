using Airwave.Api.Common;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Sandbox.Aws;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// How the recordings' storage is read: what S3 (the emulator's) holds under the sessions' folders, each object once,
/// accrued by the GB-month since the last reading at the average of its rate and the new one, split into what falls in
/// the month and the session; a listing S3 refuses leaves the last reading standing.
/// </summary>
public sealed class StorageMeterTests : IAsyncLifetime, IDisposable
{
    private const string Bucket = "recordings";

    // At this price a thousand bytes kept for an hour cost a dollar, so the amounts below are readable.
    private static readonly S3Prices Prices = new() { StoragePerGbMonth = 730_000_000m };
    private static readonly StoredUsage Sessions = new([new(Bucket, "team/keynote/100"), new(Bucket, "team/keynote/200"), new(Bucket, "team/keynote/100/parts")], Prices);
    private readonly RecordedLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private AwsEmulator _aws = null!;
    private IAmazonS3 _s3 = null!;
    private StorageMeter _meter = null!;

    public StorageMeterTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    public async Task InitializeAsync()
    {
        _aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);
        var options = AwsClientOptions.ForEmulator(_aws.BaseAddress) with { Retry = new AwsRetryOptions { MaxRetries = 0 } };
        _s3 = S3ClientFactory.Create(options, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        _meter = new StorageMeter(_s3, _loggers.CreateLogger<StorageMeter>());
        await _s3.PutBucketAsync(Bucket);
        await StoreAsync("team/keynote/100/index-1.ts", 500);
        await StoreAsync("team/keynote/100/parts/index-2.ts", 300);
        await StoreAsync("team/keynote/200/index-1.ts", 200);
        // Another session's folder whose name starts the same is not one of these.
        await StoreAsync("team/keynote/1000/index-1.ts", 5000);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _s3.Dispose();
        _loggers.Dispose();
    }

    [Fact]
    public async Task A_first_reading_accrues_from_the_first_session_when_nothing_was_stored_and_counts_each_object_once()
    {
        var now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        var reading = await _meter.ReadAsync("LiveStream team/keynote", Sessions, last: null, firstStored: now.AddHours(-2), sessionStart: now.AddHours(-1), now, CancellationToken.None);

        // 1000 bytes now ($1 an hour), none two hours ago: $1 over the two hours, half of it in the last one.
        Assert.Equal(new UsageReading(Total: 1m, Session: 0.5m, MonthToDate: 1m, LastHour: 1m, MeasuredAt: now), reading);
        Assert.Equal(2, _aws.Inventory.Calls.Counts["S3.ListObjectsV2"]);
    }

    [Fact]
    public async Task A_later_reading_adds_to_the_last_and_what_fell_in_the_last_month_leaves_the_new_months_count()
    {
        await StoreAsync("team/keynote/200/index-2.ts", 1000);
        var sessionStart = new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);
        var last = new CostComponent
        {
            Name = "archive-storage",
            HourlyRate = "1.00",
            Total = "5.00",
            Session = "2.00",
            MonthToDate = "4.00",
            MeasuredAt = new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero),
            Basis = "as read before",
        };
        var now = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

        var reading = await _meter.ReadAsync("LiveStream team/keynote", Sessions, last, firstStored: sessionStart, sessionStart, now, CancellationToken.None);

        // From $1 to $2 an hour over three hours: $4.50, of which the two hours since December began hold $3.
        Assert.Equal(new UsageReading(Total: 9.5m, Session: 6.5m, MonthToDate: 3m, LastHour: 2m, MeasuredAt: now), reading);
    }

    [Fact]
    public async Task A_listing_s3_refuses_gives_no_reading_and_the_log_says_why()
    {
        _aws.Faults.RejectNext(1, AwsServiceKind.S3, "ListObjectsV2");
        var now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        var reading = await _meter.ReadAsync("LiveStream team/keynote", Sessions, last: null, now.AddHours(-2), now.AddHours(-1), now, CancellationToken.None);

        Assert.Null(reading);
        var line = Assert.Single(_logs.Lines);
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("Could not list the recordings of LiveStream team/keynote in S3; their storage cost keeps its last reading: ", line, StringComparison.Ordinal);
    }

    private Task<PutObjectResponse> StoreAsync(string key, int bytes) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(new byte[bytes]) });
}
