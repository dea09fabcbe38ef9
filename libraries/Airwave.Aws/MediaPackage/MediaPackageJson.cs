using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Aws.MediaPackage;

/// <summary>MediaPackage's bodies and answers, their JSON generated at build time with <see cref="Http.AwsJson"/>'s settings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateChannelRequest))]
[JsonSerializable(typeof(UpdateChannelRequest))]
[JsonSerializable(typeof(CreateOriginEndpointRequest))]
[JsonSerializable(typeof(UpdateOriginEndpointRequest))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(OriginEndpoint))]
[JsonSerializable(typeof(ListChannelsResponse))]
[JsonSerializable(typeof(ListOriginEndpointsResponse))]
internal sealed partial class MediaPackageJson : JsonSerializerContext;
