using Airwave.Aws.MediaLive;

namespace Airwave.Aws.Tests.Support;

/// <summary>Builds the MediaLive resources of one live stream the way the reconciler will.</summary>
public static class LiveStreamResources
{
    public const string RoleArn = "arn:aws:iam::123456789012:role/MediaLiveAccessRole";

    public static async Task<(InputSecurityGroup Group, Input Input)> CreateInputAsync(IMediaLiveClient client, int destinations, string? requestId = null)
    {
        var group = await client.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("0.0.0.0/0")]), CancellationToken.None);
        var input = await client.CreateInputAsync(
            new CreateInputRequest(
                "workshop-a",
                InputType.RtmpPush,
                Enumerable.Range(1, destinations).Select(i => new InputDestinationRequest($"live/workshop-a-{i}")).ToList(),
                [group.Id],
                requestId),
            CancellationToken.None);
        return (group, input);
    }

    public static CreateChannelRequest Channel(string inputId, ChannelClass channelClass = ChannelClass.SinglePipeline, string? requestId = null, int segmentLength = 300)
    {
        var pipelines = channelClass == ChannelClass.Standard ? 2 : 1;
        return new CreateChannelRequest(
            "workshop-a",
            channelClass,
            [
                new OutputDestination("mediapackage", Enumerable.Range(1, pipelines).Select(i => new OutputDestinationSettings($"https://example.mediapackage.us-east-1.amazonaws.com/in/v2/abc/{i}/channel", $"user{i}", $"/airwave/workshop-a/mediapackage-{i}")).ToList()),
                new OutputDestination("archive", Enumerable.Range(1, pipelines).Select(i => new OutputDestinationSettings($"s3ssl://archive-bucket/workshop-a/pipeline-{i}/archive")).ToList()),
            ],
            LiveEncoderSettings.Create("mediapackage", "archive", segmentLength),
            [new InputAttachment(inputId, "workshop-a", new InputSettings([new AudioSelector(LiveEncoderSettings.AudioSelector)]))],
            RoleArn,
            RequestId: requestId,
            Tags: new Dictionary<string, string> { ["airwave.dev/name"] = "workshop-a" });
    }
}
