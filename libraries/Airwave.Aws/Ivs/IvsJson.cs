using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Aws.Ivs;

/// <summary>
/// IVS's bodies and answers, and the recording metadata it writes to S3, their JSON generated at build time with
/// <see cref="Http.AwsJson"/>'s settings.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateChannelRequest))]
[JsonSerializable(typeof(UpdateChannelRequest))]
[JsonSerializable(typeof(CreateRecordingConfigurationRequest))]
[JsonSerializable(typeof(CreateChannelResponse))]
[JsonSerializable(typeof(IvsRecordingMetadata))]
[JsonSerializable(typeof(IvsClient.ArnRequest))]
[JsonSerializable(typeof(IvsClient.ChannelArnRequest))]
[JsonSerializable(typeof(IvsClient.PageRequest))]
[JsonSerializable(typeof(IvsClient.ListChannelsRequest))]
[JsonSerializable(typeof(IvsClient.ListStreamKeysRequest))]
[JsonSerializable(typeof(IvsClient.CreateStreamKeyRequest))]
[JsonSerializable(typeof(IvsClient.ImportPlaybackKeyPairRequest))]
[JsonSerializable(typeof(IvsClient.TagsRequest))]
[JsonSerializable(typeof(IvsClient.ChannelAnswer))]
[JsonSerializable(typeof(IvsClient.ChannelsPage))]
[JsonSerializable(typeof(IvsClient.StreamKeysPage))]
[JsonSerializable(typeof(IvsClient.StreamKeyAnswer))]
[JsonSerializable(typeof(IvsClient.StreamAnswer))]
[JsonSerializable(typeof(IvsClient.KeyPairAnswer))]
[JsonSerializable(typeof(IvsClient.KeyPairsPage))]
[JsonSerializable(typeof(IvsClient.RecordingConfigurationAnswer))]
[JsonSerializable(typeof(IvsClient.RecordingConfigurationsPage))]
[JsonSerializable(typeof(IvsClient.TagsAnswer))]
internal sealed partial class IvsJson : JsonSerializerContext;
