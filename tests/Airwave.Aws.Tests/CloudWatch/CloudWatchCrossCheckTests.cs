using System.Globalization;
using Airwave.Aws.CloudWatch;
using Airwave.Aws.Credentials;
using Airwave.Aws.Errors;
using Airwave.Aws.Http;
using Airwave.Aws.Tests.S3;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.CloudWatch;

/// <summary>
/// One scenario of CloudWatch calls against the emulator and against moto's server: botocore (the machine's Python,
/// which speaks CloudWatch's JSON 1.0 protocol) puts data points, and Airwave's client reads them back. What the
/// client observes must be the same from both, and botocore must read the emulator's answers as it reads AWS's.
/// </summary>
public sealed class CloudWatchCrossCheckTests : IAsyncLifetime, IDisposable
{
    private static readonly Metric Egress = new("Airwave/Test", "EgressBytes", [new("Channel", "channel-1"), new("OriginEndpoint", "endpoint-1")]);
    private readonly HttpClient _http = new();
    private readonly DateTimeOffset _now = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
    private EmulatorHarness _aws = null!;
    private MotoServer _moto = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _moto = await MotoServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        await _aws.DisposeAsync();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task The_client_reads_the_same_sums_and_counts_from_the_emulator_and_from_moto()
    {
        var emulator = await ObserveAsync(_aws.Emulator.BaseAddress);
        var moto = await ObserveAsync(_moto.BaseAddress);

        Assert.Equal(moto, emulator);
        // Hourly periods from the start, three hours ago: 1000 + 250 bytes in the last, 500 in the one before.
        Assert.Contains($"hourly Sum: {Stamp(_now.AddHours(-1))}=1250 {Stamp(_now.AddHours(-2))}=500 Complete", emulator);
        Assert.Contains($"per-minute SampleCount: {Stamp(_now.AddMinutes(-3))}=2 {Stamp(_now.AddMinutes(-70))}=1 Complete", emulator);
        Assert.Contains("other dimensions Sum: Complete", emulator);
    }

    [Fact]
    public async Task Botocore_reads_what_the_emulators_services_published()
    {
        await PutAsync(_aws.Emulator.BaseAddress);
        var script = Client(_aws.Emulator.BaseAddress) + $$$"""
            import datetime
            end = datetime.datetime.fromtimestamp({{{_now.ToUnixTimeSeconds()}}}, datetime.timezone.utc)
            answer = client.get_metric_data(
                MetricDataQueries=[{'Id': 'egress', 'MetricStat': {'Metric': {'Namespace': 'Airwave/Test', 'MetricName': 'EgressBytes',
                    'Dimensions': [{'Name': 'Channel', 'Value': 'channel-1'}, {'Name': 'OriginEndpoint', 'Value': 'endpoint-1'}]}, 'Period': 86400, 'Stat': 'Sum'}}],
                StartTime=end - datetime.timedelta(days=1), EndTime=end)
            result = answer['MetricDataResults'][0]
            print(result['Id'], result['Label'], [int(v) for v in result['Values']], result['StatusCode'])
            try:
                client.get_metric_data(MetricDataQueries=[{'Id': 'Egress', 'MetricStat': {'Metric': {'Namespace': 'Airwave/Test', 'MetricName': 'EgressBytes'}, 'Period': 90, 'Stat': 'Sum'}}],
                    StartTime=end - datetime.timedelta(hours=1), EndTime=end)
            except ClientError as e:
                print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])
            """;

        var ran = await ProcessRunner.RunAsync("python3", ["-c", script], TimeSpan.FromSeconds(60));

        Assert.True(ran.ExitCode == 0, ran.ToString());
        var lines = ran.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("egress EgressBytes [1750] Complete", lines[0]);
        Assert.Equal("InvalidParameterValue 400", lines[1]);
    }

    [Fact]
    public async Task A_query_the_service_refuses_is_refused_with_its_code_and_nothing_is_retried()
    {
        var client = ClientFor(_aws.Emulator.BaseAddress);
        var query = new MetricDataQuery("egress", new MetricStat(Egress, 90, "Sum"));

        var refused = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.GetMetricDataAsync(new([query], _now.AddHours(-1), _now), CancellationToken.None));
        var backwards = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.GetMetricDataAsync(new([query with { MetricStat = query.MetricStat with { Period = 60 } }], _now, _now.AddHours(-1)), CancellationToken.None));

        Assert.Equal("InvalidParameterValueException", refused.ErrorCode);
        Assert.Contains("Period must be a multiple of 60", refused.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal("InvalidParameterValueException", backwards.ErrorCode);
        Assert.Equal(2, _aws.Emulator.Inventory.Calls.Counts["CloudWatch.GetMetricData"]);
    }

    private async Task<IReadOnlyList<string>> ObserveAsync(Uri endpoint)
    {
        await PutAsync(endpoint);
        var client = ClientFor(endpoint);
        var seen = new List<string>();
        async Task Read(string name, Metric metric, int period, string stat, DateTimeOffset start)
        {
            var results = await client.GetMetricDataAsync(new([new("q1", new MetricStat(metric, period, stat))], start, _now), CancellationToken.None);
            var result = Assert.Single(results);
            seen.Add($"{name} {stat}: {string.Join(' ', result.Timestamps.Zip(result.Values, (t, v) => $"{Stamp(t)}={v.ToString(CultureInfo.InvariantCulture)}").Append(result.StatusCode))}");
        }

        await Read("hourly", Egress, 3600, "Sum", _now.AddHours(-3));
        await Read("per-minute", Egress, 60, "SampleCount", _now.AddHours(-3));
        await Read("hourly", Egress, 3600, "Maximum", _now.AddHours(-3));
        await Read("other dimensions", Egress with { Dimensions = [new("Channel", "channel-1")] }, 3600, "Sum", _now.AddHours(-3));
        return seen;
    }

    /// <summary>Three samples through botocore: two three minutes ago, one seventy minutes ago.</summary>
    private async Task PutAsync(Uri endpoint)
    {
        var script = Client(endpoint) + $$$"""
            import datetime
            now = datetime.datetime.fromtimestamp({{{_now.ToUnixTimeSeconds()}}}, datetime.timezone.utc)
            dimensions = [{'Name': 'Channel', 'Value': 'channel-1'}, {'Name': 'OriginEndpoint', 'Value': 'endpoint-1'}]
            client.put_metric_data(Namespace='Airwave/Test', MetricData=[
                {'MetricName': 'EgressBytes', 'Dimensions': dimensions, 'Value': 1000, 'Timestamp': now - datetime.timedelta(minutes=3)},
                {'MetricName': 'EgressBytes', 'Dimensions': dimensions, 'Value': 250, 'Timestamp': now - datetime.timedelta(minutes=3)},
                {'MetricName': 'EgressBytes', 'Dimensions': dimensions, 'Value': 500, 'Timestamp': now - datetime.timedelta(minutes=70)}])
            """;
        var ran = await ProcessRunner.RunAsync("python3", ["-c", script], TimeSpan.FromSeconds(60));
        Assert.True(ran.ExitCode == 0, ran.ToString());
    }

    private static string Client(Uri endpoint) => $$$"""
        import botocore.session
        from botocore.exceptions import ClientError
        client = botocore.session.get_session().create_client(
            'cloudwatch', region_name='us-east-1', endpoint_url='{{{endpoint}}}',
            aws_access_key_id='{{{AwsEmulatorOptions.TestCredentials.AccessKeyId}}}',
            aws_secret_access_key='{{{AwsEmulatorOptions.TestCredentials.SecretAccessKey}}}')

        """;

    private CloudWatchClient ClientFor(Uri endpoint) =>
        new(_http, AwsClientOptions.ForEmulator(endpoint) with { Retry = new AwsRetryOptions { MaxRetries = 0 } }, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
}
