using System.Text.Json.Serialization.Metadata;
using Airwave.Aws.Http;
using Live = Airwave.Aws.MediaLive;
using Package = Airwave.Aws.MediaPackage;

namespace Airwave.Aws.Tests.Wire;

/// <summary>
/// Every JSON member our records read or write exists, under that exact name, in the botocore model shape it
/// stands for, all the way down. Enumerations are checked against the model's enum values.
/// </summary>
public sealed class WireShapeTests
{
    private static readonly BotocoreModel MediaLiveModel = BotocoreModel.Load("medialive", "2017-10-14");
    private static readonly BotocoreModel MediaPackageModel = BotocoreModel.Load("mediapackage", "2017-10-12");

    public static TheoryData<string, Type, string> Shapes => new()
    {
        { "medialive", typeof(Live.CreateInputSecurityGroupRequest), "CreateInputSecurityGroupRequest" },
        { "medialive", typeof(Live.UpdateInputSecurityGroupRequest), "UpdateInputSecurityGroupRequest" },
        { "medialive", typeof(Live.InputSecurityGroupEnvelope), "CreateInputSecurityGroupResponse" },
        { "medialive", typeof(Live.InputSecurityGroup), "DescribeInputSecurityGroupResponse" },
        { "medialive", typeof(Live.ListInputSecurityGroupsResponse), "ListInputSecurityGroupsResponse" },
        { "medialive", typeof(Live.CreateInputRequest), "CreateInputRequest" },
        { "medialive", typeof(Live.InputEnvelope), "CreateInputResponse" },
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
        { "medialive", typeof(Live.TagsEnvelope), "CreateTagsRequest" },
        { "medialive", typeof(Live.TagsEnvelope), "ListTagsForResourceResponse" },
        { "mediapackage", typeof(Package.CreateChannelRequest), "CreateChannelRequest" },
        { "mediapackage", typeof(Package.Channel), "DescribeChannelResponse" },
        { "mediapackage", typeof(Package.ListChannelsResponse), "ListChannelsResponse" },
        { "mediapackage", typeof(Package.CreateOriginEndpointRequest), "CreateOriginEndpointRequest" },
        { "mediapackage", typeof(Package.UpdateOriginEndpointRequest), "UpdateOriginEndpointRequest" },
        { "mediapackage", typeof(Package.OriginEndpoint), "DescribeOriginEndpointResponse" },
        { "mediapackage", typeof(Package.ListOriginEndpointsResponse), "ListOriginEndpointsResponse" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Record_members_match_the_model_shape(string service, Type record, string shape)
    {
        var model = service == "medialive" ? MediaLiveModel : MediaPackageModel;
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
            case "string" when definition["enum"] is { } values:
                var enumType = Nullable.GetUnderlyingType(type) ?? type;
                if (enumType.IsEnum)
                {
                    var allowed = values.AsArray().Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    mismatches.AddRange(Enum.GetNames(enumType)
                        .Select(System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName)
                        .Where(name => !allowed.Contains(name))
                        .Select(name => $"{path}: {name} is not a value of {shape}"));
                }
                break;
        }
    }

    private static Type ElementType(Type listType) =>
        listType.IsArray ? listType.GetElementType()! : listType.GetGenericArguments().Single();
}
