using Airwave.Aws.Errors;
using Airwave.Aws.MediaLive;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.MediaLive;

public sealed class MediaLiveRoundTripTests : IAsyncLifetime
{
    private EmulatorHarness _aws = null!;

    private IMediaLiveClient Client => _aws.MediaLive;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task Input_security_group_is_created_described_updated_listed_and_deleted()
    {
        var created = await Client.CreateInputSecurityGroupAsync(
            new CreateInputSecurityGroupRequest([new InputWhitelistRule("203.0.113.0/24")], new Dictionary<string, string> { ["team"] = "media" }),
            CancellationToken.None);

        var described = await Client.DescribeInputSecurityGroupAsync(created.Id, CancellationToken.None);
        var updated = await Client.UpdateInputSecurityGroupAsync(created.Id, new UpdateInputSecurityGroupRequest([new InputWhitelistRule("0.0.0.0/0")]), CancellationToken.None);
        var listed = await Client.ListInputSecurityGroupsAsync(CancellationToken.None);
        await Client.DeleteInputSecurityGroupAsync(created.Id, CancellationToken.None);

        Assert.Matches("^[0-9]+$", created.Id);
        Assert.Equal($"arn:aws:medialive:us-east-1:123456789012:inputSecurityGroup:{created.Id}", created.Arn);
        Assert.Equal(InputSecurityGroupState.Idle, described.State);
        Assert.Equal("203.0.113.0/24", Assert.Single(described.WhitelistRules!).Cidr);
        Assert.Equal("media", described.Tags!["team"]);
        Assert.Equal("0.0.0.0/0", Assert.Single(updated.WhitelistRules!).Cidr);
        Assert.Contains(listed, group => group.Id == created.Id);
        Assert.Empty(await Client.ListInputSecurityGroupsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(1, InputClass.SinglePipeline)]
    [InlineData(2, InputClass.Standard)]
    public async Task Rtmp_push_input_gets_one_ingest_url_per_destination(int destinations, InputClass expectedClass)
    {
        var (group, input) = await LiveStreamResources.CreateInputAsync(Client, destinations);

        var described = await Client.DescribeInputAsync(input.Id, CancellationToken.None);
        var listed = await Client.ListInputsAsync(CancellationToken.None);

        Assert.Equal(InputType.RtmpPush, described.Type);
        Assert.Equal(expectedClass, described.InputClass);
        Assert.Equal(InputState.Detached, described.State);
        Assert.Equal(destinations, described.Destinations!.Count);
        Assert.All(described.Destinations, d => Assert.Matches(@"^rtmp://127\.0\.0\.1:\d+/live/workshop-a-\d$", d.Url));
        Assert.Equal([group.Id], described.SecurityGroups);
        Assert.Equal(InputSecurityGroupState.InUse, (await Client.DescribeInputSecurityGroupAsync(group.Id, CancellationToken.None)).State);
        Assert.Equal(input.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task A_push_inputs_security_group_is_replaced_by_an_update_and_must_be_one_that_exists()
    {
        var (first, input) = await LiveStreamResources.CreateInputAsync(Client, 1);
        var second = await Client.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("198.51.100.0/24")]), CancellationToken.None);

        var updated = await Client.UpdateInputAsync(input.Id, new UpdateInputRequest(InputSecurityGroups: [second.Id]), CancellationToken.None);
        var none = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.UpdateInputAsync(input.Id, new UpdateInputRequest(InputSecurityGroups: []), CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.UpdateInputAsync(input.Id, new UpdateInputRequest(InputSecurityGroups: ["9999999"]), CancellationToken.None));

        Assert.Equal([second.Id], updated.SecurityGroups);
        Assert.Equal(input.Destinations, updated.Destinations);
        Assert.Equal(InputSecurityGroupState.Idle, (await Client.DescribeInputSecurityGroupAsync(first.Id, CancellationToken.None)).State);
        Assert.Equal(InputSecurityGroupState.InUse, (await Client.DescribeInputSecurityGroupAsync(second.Id, CancellationToken.None)).State);
        Assert.Contains("exactly one", none.Message, StringComparison.Ordinal);
        Assert.Contains("9999999", unknown.Message, StringComparison.Ordinal);
        Assert.Equal([second.Id], (await Client.DescribeInputAsync(input.Id, CancellationToken.None)).SecurityGroups);
    }

    [Fact]
    public async Task Channel_is_created_with_hls_and_archive_output_groups_and_described_back()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(Client, 1);

        var created = await Client.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 120), CancellationToken.None);
        var described = await Client.DescribeChannelAsync(created.Id, CancellationToken.None);
        var listed = await Client.ListChannelsAsync(CancellationToken.None);

        Assert.Equal(ChannelState.Creating, created.State);
        Assert.Equal(ChannelState.Idle, described.State);
        Assert.Equal(ChannelClass.SinglePipeline, described.ChannelClass);
        Assert.Equal($"arn:aws:medialive:us-east-1:123456789012:channel:{created.Id}", described.Arn);
        var groups = described.EncoderSettings!.OutputGroups;
        Assert.Equal("mediapackage", groups[0].OutputGroupSettings.HlsGroupSettings!.Destination.DestinationRefId);
        Assert.Equal(120, groups[1].OutputGroupSettings.ArchiveGroupSettings!.RolloverInterval);
        Assert.Equal(input.Id, Assert.Single(described.InputAttachments!).InputId);
        Assert.Equal(InputState.Attached, (await Client.DescribeInputAsync(input.Id, CancellationToken.None)).State);
        Assert.Equal(created.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Channel_update_replaces_settings_while_idle()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(Client, 1);
        var channel = await Client.CreateChannelAsync(LiveStreamResources.Channel(input.Id), CancellationToken.None);

        var updated = await Client.UpdateChannelAsync(
            channel.Id,
            new UpdateChannelRequest(Name: "workshop-a-renamed", EncoderSettings: LiveEncoderSettings.Create("mediapackage", "archive", 600)),
            CancellationToken.None);
        var described = await Client.DescribeChannelAsync(channel.Id, CancellationToken.None);

        Assert.Equal(ChannelState.Updating, updated.State);
        Assert.Equal("workshop-a-renamed", described.Name);
        Assert.Equal(600, described.EncoderSettings!.OutputGroups[1].OutputGroupSettings.ArchiveGroupSettings!.RolloverInterval);
        Assert.Equal(ChannelState.Idle, described.State);
    }

    [Fact]
    public async Task Tags_are_added_listed_and_removed_by_arn()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(Client, 1);
        var channel = await Client.CreateChannelAsync(LiveStreamResources.Channel(input.Id), CancellationToken.None);

        await Client.CreateTagsAsync(channel.Arn, new Dictionary<string, string> { ["airwave.dev/uid"] = "0b1c", ["airwave.dev/cluster"] = "sandbox" }, CancellationToken.None);
        await Client.DeleteTagsAsync(channel.Arn, ["airwave.dev/cluster"], CancellationToken.None);
        var tags = await Client.ListTagsForResourceAsync(channel.Arn, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["airwave.dev/name"] = "workshop-a", ["airwave.dev/uid"] = "0b1c" }, tags);
        var error = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.ListTagsForResourceAsync("arn:aws:medialive:us-east-1:123456789012:channel:1", CancellationToken.None));
        Assert.Equal("NotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task Same_request_id_returns_the_input_and_channel_created_first()
    {
        var (_, first) = await LiveStreamResources.CreateInputAsync(Client, 1, requestId: "input-uid-1");
        var (_, again) = await LiveStreamResources.CreateInputAsync(Client, 1, requestId: "input-uid-1");
        var channel = await Client.CreateChannelAsync(LiveStreamResources.Channel(first.Id, requestId: "channel-uid-1"), CancellationToken.None);
        var channelAgain = await Client.CreateChannelAsync(LiveStreamResources.Channel(first.Id, requestId: "channel-uid-1"), CancellationToken.None);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(channel.Id, channelAgain.Id);
        Assert.Single(await Client.ListInputsAsync(CancellationToken.None));
        Assert.Single(await Client.ListChannelsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Lists_follow_next_tokens_across_pages()
    {
        for (var i = 0; i < 105; i++)
        {
            await Client.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("10.0.0.0/8")]), CancellationToken.None);
        }

        var groups = await Client.ListInputSecurityGroupsAsync(CancellationToken.None);

        Assert.Equal(105, groups.Select(g => g.Id).Distinct().Count());
        Assert.True(_aws.Emulator.Inventory.Calls.Counts["MediaLive.ListInputSecurityGroups"] >= 2);
    }

    [Fact]
    public async Task Invalid_channel_settings_are_rejected_with_validation_errors()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(Client, 1);
        var standardOnSinglePipelineInput = LiveStreamResources.Channel(input.Id, ChannelClass.Standard);
        var unknownInput = LiveStreamResources.Channel("9999999");

        var classError = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() => Client.CreateChannelAsync(standardOnSinglePipelineInput, CancellationToken.None));
        var inputError = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() => Client.CreateChannelAsync(unknownInput, CancellationToken.None));

        Assert.Equal("UnprocessableEntityException", classError.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, inputError.StatusCode);
        Assert.Empty(await Client.ListChannelsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_ids_raise_not_found_with_the_service_message()
    {
        var channel = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.DescribeChannelAsync("1234567", CancellationToken.None));
        var input = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.DeleteInputAsync("7654321", CancellationToken.None));

        Assert.Equal("Channel 1234567 not found.", channel.ServiceMessage);
        Assert.Equal("NotFoundException", input.ErrorCode);
        Assert.NotNull(channel.RequestId);
    }
}
