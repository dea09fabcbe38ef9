using System.Text.Json;
using Airwave.Aws.Http;
using IvsApi = Airwave.Aws.Ivs;
using Live = Airwave.Aws.MediaLive;
using Package = Airwave.Aws.MediaPackage;

namespace Airwave.Aws.Tests.Wire;

/// <summary>
/// Every JSON member our records read or write exists, under that exact name, in the botocore model shape it
/// stands for, all the way down, in the newest models on this machine; enumerations hold their values.
/// </summary>
public sealed class WireShapeTests
{
    private static readonly BotocoreModel MediaLiveModel = BotocoreModel.LoadNewest("medialive", "2017-10-14");
    private static readonly BotocoreModel MediaPackageModel = BotocoreModel.LoadNewest("mediapackage", "2017-10-12");
    private static readonly BotocoreModel IvsModel = BotocoreModel.LoadNewest("ivs", "2020-07-14");

    public static TheoryData<string, Type, string> Shapes => new()
    {
        { "medialive", typeof(Live.CreateInputSecurityGroupRequest), "CreateInputSecurityGroupRequest" },
        { "medialive", typeof(Live.UpdateInputSecurityGroupRequest), "UpdateInputSecurityGroupRequest" },
        { "medialive", typeof(Live.InputSecurityGroupEnvelope), "CreateInputSecurityGroupResponse" },
        { "medialive", typeof(Live.InputSecurityGroup), "DescribeInputSecurityGroupResponse" },
        { "medialive", typeof(Live.ListInputSecurityGroupsResponse), "ListInputSecurityGroupsResponse" },
        { "medialive", typeof(Live.CreateInputRequest), "CreateInputRequest" },
        { "medialive", typeof(Live.InputEnvelope), "CreateInputResponse" },
        { "medialive", typeof(Live.UpdateInputRequest), "UpdateInputRequest" },
        { "medialive", typeof(Live.InputEnvelope), "UpdateInputResponse" },
        { "medialive", typeof(Live.Input), "DescribeInputResponse" },
        { "medialive", typeof(Live.ListInputsResponse), "ListInputsResponse" },
        { "medialive", typeof(Live.CreateChannelRequest), "CreateChannelRequest" },
        { "medialive", typeof(Live.UpdateChannelRequest), "UpdateChannelRequest" },
        { "medialive", typeof(Live.ChannelEnvelope), "CreateChannelResponse" },
        { "medialive", typeof(Live.ChannelEnvelope), "UpdateChannelResponse" },
        { "medialive", typeof(Live.Channel), "DescribeChannelResponse" },
        { "medialive", typeof(Live.Channel), "StartChannelResponse" },
        { "medialive", typeof(Live.Channel), "StopChannelResponse" },
        { "medialive", typeof(Live.Channel), "DeleteChannelResponse" },
        { "medialive", typeof(Live.ListChannelsResponse), "ListChannelsResponse" },
        { "medialive", typeof(Live.ListAlertsResponse), "ListAlertsResponse" },
        { "medialive", typeof(Live.TagsEnvelope), "CreateTagsRequest" },
        { "medialive", typeof(Live.TagsEnvelope), "ListTagsForResourceResponse" },
        { "mediapackage", typeof(Package.CreateChannelRequest), "CreateChannelRequest" },
        { "mediapackage", typeof(Package.Channel), "DescribeChannelResponse" },
        { "mediapackage", typeof(Package.UpdateChannelRequest), "UpdateChannelRequest" },
        { "mediapackage", typeof(Package.Channel), "UpdateChannelResponse" },
        { "mediapackage", typeof(Package.ListChannelsResponse), "ListChannelsResponse" },
        { "mediapackage", typeof(Package.CreateOriginEndpointRequest), "CreateOriginEndpointRequest" },
        { "mediapackage", typeof(Package.UpdateOriginEndpointRequest), "UpdateOriginEndpointRequest" },
        { "mediapackage", typeof(Package.OriginEndpoint), "DescribeOriginEndpointResponse" },
        { "mediapackage", typeof(Package.ListOriginEndpointsResponse), "ListOriginEndpointsResponse" },
        { "ivs", typeof(IvsApi.CreateChannelRequest), "CreateChannelRequest" },
        { "ivs", typeof(IvsApi.CreateChannelResponse), "CreateChannelResponse" },
        { "ivs", typeof(IvsApi.UpdateChannelRequest), "UpdateChannelRequest" },
        { "ivs", typeof(IvsApi.Channel), "Channel" },
        { "ivs", typeof(IvsApi.StreamKey), "StreamKey" },
        { "ivs", typeof(IvsApi.Broadcast), "Stream" },
        { "ivs", typeof(IvsApi.PlaybackKeyPair), "PlaybackKeyPair" },
        { "ivs", typeof(IvsApi.CreateRecordingConfigurationRequest), "CreateRecordingConfigurationRequest" },
        { "ivs", typeof(IvsApi.RecordingConfiguration), "RecordingConfiguration" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Record_members_match_the_model_shape(string service, Type record, string shape)
    {
        var model = service switch
        {
            "medialive" => MediaLiveModel,
            "mediapackage" => MediaPackageModel,
            _ => IvsModel,
        };
        var mismatches = new List<string>();

        Compare(model, record, shape, shape, mismatches);

        Assert.Empty(mismatches);
    }

    private static void Compare(BotocoreModel model, Type type, string shape, string path, List<string> mismatches)
    {
        var definition = model.Shape(shape);
        switch (definition["type"]!.GetValue<string>())
        {
            case "structure":
                var members = model.BodyMembers(shape);
                foreach (var property in AwsJson.Options.GetTypeInfo(type).Properties)
                {
                    if (!members.TryGetValue(property.Name, out var memberShape))
                    {
                        mismatches.Add($"{path}.{property.Name} is not a member of {shape}");
                        continue;
                    }
                    Compare(model, property.PropertyType, memberShape, $"{path}.{property.Name}", mismatches);
                }
                break;
            case "list":
                Compare(model, ElementType(type), definition["member"]!["shape"]!.GetValue<string>(), $"{path}[]", mismatches);
                break;
        }
    }

    /// <summary>
    /// Each enumeration read from MediaLive holds exactly the values of the newest model on this machine (the
    /// Python botocore's, newer than Debian's awscli), besides Unknown for what AWS adds later.
    /// </summary>
    [Theory]
    [InlineData(typeof(Live.InputType), "InputType")]
    [InlineData(typeof(Live.InputState), "InputState")]
    [InlineData(typeof(Live.InputClass), "InputClass")]
    [InlineData(typeof(Live.ChannelState), "ChannelState")]
    [InlineData(typeof(Live.ChannelClass), "ChannelClass")]
    [InlineData(typeof(Live.InputSecurityGroupState), "InputSecurityGroupState")]
    [InlineData(typeof(Live.ChannelAlertState), "ChannelAlertState")]
    public void Enumerations_hold_every_value_of_the_newest_model(Type enumeration, string shape)
    {
        var model = MediaLiveModel.Shape(shape)["enum"]!.AsArray().Select(v => v!.GetValue<string>());

        var ours = Enum.GetValues(enumeration).Cast<object>()
            .Where(value => value.ToString() != AwsEnumConverter.UnknownMember)
            .Select(value => JsonSerializer.Serialize(value, enumeration, AwsJson.Options).Trim('"'));

        Assert.Equal(model.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
    }

    private static Type ElementType(Type listType) =>
        listType.IsArray ? listType.GetElementType()! : listType.GetGenericArguments().Single();
}
