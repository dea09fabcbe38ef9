using Airwave.Events.Tests.Infrastructure;
using Airwave.Testing.Downstream;

namespace Airwave.Events.Tests;

/// <summary>Publishing never fails its caller, not even when the API server holding the outbox stops answering.</summary>
public sealed class HangingApiServerTests : IAsyncLifetime
{
    private readonly string _secret = TestEvents.NewSecret();
    private KubernetesSandbox _sandbox = null!;
    private Receiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await KubernetesSandbox.StartAsync();
        _receiver = await Receiver.StartAsync();
        _receiver.Secrets = [_secret];
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task An_event_the_outbox_cannot_take_in_time_is_counted_as_lost_and_the_caller_goes_on()
    {
        await using var host = new EventsHost(
            _sandbox,
            new Dictionary<string, string?>
            {
                ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
                ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
                ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = _secret,
            },
            requestTimeout: TimeSpan.FromSeconds(1));
        var started = TestEvents.Transition(TestEvents.Stream("hung"), "stream.started");

        Exception? failure;
        using (_sandbox.Faults.HangWhile(r => r.Resource == "configmaps"))
        {
            failure = await Record.ExceptionAsync(async () => await host.Publisher.PublishAsync(started, CancellationToken.None));
        }

        Assert.Null(failure);
        Assert.Equal(1, (await host.ScrapeAsync()).Sum("airwave_events_publish_failures_total"));
        Assert.Equal(0, await _sandbox.PendingAsync());
    }
}
