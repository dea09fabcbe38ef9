using Airwave.Aws.Errors;
using Airwave.Aws.MediaLive;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.MediaLive;

/// <summary>The asynchronous state machines, with a 10 s transition delay on a clock the test moves.</summary>
public sealed class ChannelLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private EmulatorHarness _aws = null!;

    private IMediaLiveClient Client => _aws.MediaLive;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync(Delay, _time);

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task Channel_walks_through_every_state_from_creating_to_deleted()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(Client, 2);
        _time.Advance(Delay);
        var id = (await Client.CreateChannelAsync(LiveStreamResources.Channel(input.Id, ChannelClass.Standard), CancellationToken.None)).Id;
        var seen = new List<ChannelState> { await StateAsync(id) };

        _time.Advance(Delay);
        seen.Add(await StateAsync(id));
        seen.Add((await Client.StartChannelAsync(id, CancellationToken.None)).State);
        _time.Advance(Delay);
        var running = await Client.DescribeChannelAsync(id, CancellationToken.None);
        seen.Add(running.State);
        seen.Add((await Client.StopChannelAsync(id, CancellationToken.None)).State);
        _time.Advance(Delay);
        seen.Add(await StateAsync(id));
        seen.Add((await Client.DeleteChannelAsync(id, CancellationToken.None)).State);
        _time.Advance(Delay);
        seen.Add(await StateAsync(id));

        Assert.Equal(
            [ChannelState.Creating, ChannelState.Idle, ChannelState.Starting, ChannelState.Running, ChannelState.Stopping, ChannelState.Idle, ChannelState.Deleting, ChannelState.Deleted],
            seen);
        Assert.Equal(2, running.PipelinesRunningCount);
        Assert.Empty(await Client.ListChannelsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Start_stop_and_delete_in_the_wrong_state_raise_conflict()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(Client, 1);
        var id = (await Client.CreateChannelAsync(LiveStreamResources.Channel(input.Id), CancellationToken.None)).Id;

        var startWhileCreating = await Assert.ThrowsAsync<AwsConflictException>(() => Client.StartChannelAsync(id, CancellationToken.None));
        _time.Advance(Delay);
        var stopWhileIdle = await Assert.ThrowsAsync<AwsConflictException>(() => Client.StopChannelAsync(id, CancellationToken.None));
        await Client.StartChannelAsync(id, CancellationToken.None);
        var startWhileStarting = await Assert.ThrowsAsync<AwsConflictException>(() => Client.StartChannelAsync(id, CancellationToken.None));
        _time.Advance(Delay);
        var deleteWhileRunning = await Assert.ThrowsAsync<AwsConflictException>(() => Client.DeleteChannelAsync(id, CancellationToken.None));
        var updateWhileRunning = await Assert.ThrowsAsync<AwsConflictException>(() => Client.UpdateChannelAsync(id, new UpdateChannelRequest(Name: "x"), CancellationToken.None));

        Assert.Equal("ConflictException", startWhileCreating.ErrorCode);
        Assert.Contains("CREATING", startWhileCreating.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("IDLE", stopWhileIdle.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("STARTING", startWhileStarting.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("RUNNING", deleteWhileRunning.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, updateWhileRunning.StatusCode);
        Assert.Equal(ChannelState.Running, await StateAsync(id));
    }

    [Fact]
    public async Task Input_and_security_group_are_released_only_when_the_channel_is_gone()
    {
        var (group, input) = await LiveStreamResources.CreateInputAsync(Client, 1);
        var creatingInput = await Client.DescribeInputAsync(input.Id, CancellationToken.None);
        _time.Advance(Delay);
        var id = (await Client.CreateChannelAsync(LiveStreamResources.Channel(input.Id), CancellationToken.None)).Id;
        _time.Advance(Delay);

        var attached = await Client.DescribeInputAsync(input.Id, CancellationToken.None);
        await Assert.ThrowsAsync<AwsConflictException>(() => Client.DeleteInputAsync(input.Id, CancellationToken.None));
        await Client.DeleteChannelAsync(id, CancellationToken.None);
        var attachedWhileDeleting = await Client.DescribeInputAsync(input.Id, CancellationToken.None);
        _time.Advance(Delay);
        var detached = await Client.DescribeInputAsync(input.Id, CancellationToken.None);
        var groupInUse = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.DeleteInputSecurityGroupAsync(group.Id, CancellationToken.None));
        await Client.DeleteInputAsync(input.Id, CancellationToken.None);
        var deleting = await Client.DescribeInputAsync(input.Id, CancellationToken.None);
        _time.Advance(Delay);
        var idleGroup = await Client.DescribeInputSecurityGroupAsync(group.Id, CancellationToken.None);
        await Client.DeleteInputSecurityGroupAsync(group.Id, CancellationToken.None);

        Assert.Equal(InputState.Creating, creatingInput.State);
        Assert.Equal(InputState.Attached, attached.State);
        Assert.Equal([id], attached.AttachedChannels);
        Assert.Equal(InputState.Attached, attachedWhileDeleting.State);
        Assert.Equal(InputState.Detached, detached.State);
        Assert.Equal("BadRequestException", groupInUse.ErrorCode);
        Assert.Equal(InputState.Deleting, deleting.State);
        Assert.Equal(InputState.Deleted, (await Client.DescribeInputAsync(input.Id, CancellationToken.None)).State);
        Assert.Equal(InputSecurityGroupState.Idle, idleGroup.State);
        Assert.True(_aws.Emulator.Inventory.IsEmpty);
    }

    private async Task<ChannelState> StateAsync(string id) => (await Client.DescribeChannelAsync(id, CancellationToken.None)).State;
}
