using Airwave.Aws.Errors;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Retries;

public sealed class RetryTests : IAsyncLifetime
{
    private EmulatorHarness _aws = null!;

    private AwsEmulator Emulator => _aws.Emulator;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task Throttled_calls_are_retried_until_they_succeed()
    {
        Emulator.Faults.ThrottleNext(3, AwsServiceKind.MediaLive, "CreateInputSecurityGroup");

        var group = await _aws.MediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("0.0.0.0/0")]), CancellationToken.None);

        Assert.Equal(group.Id, Assert.Single(Emulator.Inventory.InputSecurityGroups).Id);
        Assert.Equal(4, Emulator.Inventory.Calls.Counts["MediaLive.CreateInputSecurityGroup"]);
    }

    [Fact]
    public async Task Every_attempt_is_counted_by_service_operation_and_outcome()
    {
        Emulator.Faults.ThrottleNext(2, AwsServiceKind.MediaLive, "CreateInputSecurityGroup");

        await _aws.MediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("0.0.0.0/0")]), CancellationToken.None);
        await Assert.ThrowsAsync<AwsNotFoundException>(() => _aws.MediaLive.DescribeChannelAsync("1234567", CancellationToken.None));

        var metrics = await _aws.ScrapeAsync();
        const string Requests = "airwave_aws_requests_total";
        Assert.Equal(2, metrics.Sum(Requests, ("service", "medialive"), ("operation", "CreateInputSecurityGroup"), ("outcome", "throttled")));
        Assert.Equal(1, metrics.Sum(Requests, ("service", "medialive"), ("operation", "CreateInputSecurityGroup"), ("outcome", "success")));
        Assert.Equal(1, metrics.Sum(Requests, ("service", "medialive"), ("operation", "DescribeChannel"), ("outcome", "client_error")));
        Assert.Equal(4, metrics.Sum("airwave_aws_request_duration_seconds_count"));
    }

    [Fact]
    public async Task Server_errors_are_retried_for_every_service()
    {
        Emulator.Faults.FailNext(2, AwsServiceKind.MediaPackage);
        Emulator.Faults.FailNext(2, AwsServiceKind.CloudFront);
        Emulator.Faults.ThrottleNext(2, AwsServiceKind.CloudFront, "GetDistributionConfig");

        var channels = await _aws.MediaPackage.ListChannelsAsync(CancellationToken.None);
        var config = await _aws.CloudFront.GetDistributionConfigAsync(Emulator.Options.LiveDistributionId, CancellationToken.None);

        Assert.Empty(channels);
        Assert.Equal("default", Assert.Single(config.Config.Origins).Id);
        Assert.Equal(3, Emulator.Inventory.Calls.Counts["MediaPackage.ListChannels"]);
        Assert.Equal(5, Emulator.Inventory.Calls.Counts["CloudFront.GetDistributionConfig"]);
    }

    [Fact]
    public async Task Throttling_beyond_the_retry_budget_surfaces_as_too_many_requests()
    {
        Emulator.Faults.ThrottleNext(10, AwsServiceKind.MediaLive, "ListChannels");

        var error = await Assert.ThrowsAsync<AwsTooManyRequestsException>(() => _aws.MediaLive.ListChannelsAsync(CancellationToken.None));

        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(EmulatorHarness.FastRetry.MaxRetries + 1, Emulator.Inventory.Calls.Counts["MediaLive.ListChannels"]);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        await Assert.ThrowsAsync<AwsNotFoundException>(() => _aws.MediaLive.DescribeChannelAsync("1234567", CancellationToken.None));

        Assert.Equal(1, Emulator.Inventory.Calls.Counts["MediaLive.DescribeChannel"]);
    }

    [Fact]
    public async Task Cancellation_stops_a_slow_call()
    {
        Emulator.Faults.AddLatency(TimeSpan.FromMinutes(5), AwsServiceKind.MediaLive, "ListInputs");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _aws.MediaLive.ListInputsAsync(cancel.Token));

        Assert.True(cancel.IsCancellationRequested);
    }

    [Fact]
    public async Task Cancellation_stops_the_backoff_between_attempts()
    {
        await using var patient = await EmulatorHarness.StartAsync(retry: new AwsRetryOptions { MaxRetries = 50, BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(1) });
        patient.Emulator.Faults.ThrottleNext(50);

        // Long enough for the first call to be made on a loaded machine, far shorter than one 30 s backoff.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.MediaLive.ListChannelsAsync(cancel.Token));

        // Jitter can make an early backoff short; what matters is that the 50 retries did not run.
        Assert.InRange(patient.Emulator.Inventory.Calls.Counts.GetValueOrDefault("MediaLive.ListChannels"), 1, 3);
    }

    [Fact]
    public async Task Reset_clears_pending_faults()
    {
        Emulator.Faults.ThrottleNext(10);
        Emulator.Faults.AddLatency(TimeSpan.FromMinutes(5));

        Emulator.Faults.Reset();
        var inputs = await _aws.MediaLive.ListInputsAsync(CancellationToken.None);

        Assert.Empty(inputs);
        Assert.Equal(1, Emulator.Inventory.Calls.Counts["MediaLive.ListInputs"]);
    }
}
