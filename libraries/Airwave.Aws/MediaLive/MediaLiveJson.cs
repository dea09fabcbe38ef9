using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Aws.MediaLive;

/// <summary>MediaLive's bodies and answers, their JSON generated at build time with <see cref="Http.AwsJson"/>'s settings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateChannelRequest))]
[JsonSerializable(typeof(UpdateChannelRequest))]
[JsonSerializable(typeof(CreateInputRequest))]
[JsonSerializable(typeof(UpdateInputRequest))]
[JsonSerializable(typeof(CreateInputSecurityGroupRequest))]
[JsonSerializable(typeof(UpdateInputSecurityGroupRequest))]
[JsonSerializable(typeof(TagsEnvelope))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(ChannelEnvelope))]
[JsonSerializable(typeof(Input))]
[JsonSerializable(typeof(InputEnvelope))]
[JsonSerializable(typeof(InputSecurityGroup))]
[JsonSerializable(typeof(InputSecurityGroupEnvelope))]
[JsonSerializable(typeof(ListAlertsResponse))]
[JsonSerializable(typeof(ListChannelsResponse))]
[JsonSerializable(typeof(ListInputSecurityGroupsResponse))]
[JsonSerializable(typeof(ListInputsResponse))]
[JsonSerializable(typeof(InputType))]
internal sealed partial class MediaLiveJson : JsonSerializerContext;
