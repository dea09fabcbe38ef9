using System.Text.Json.Serialization;
using Airwave.Aws.MediaLive;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// What makes a channel out of date, hashed into its settings tag. Its JSON must stay byte for byte what earlier
/// releases wrote (member names, order, default settings), or every tagged channel would look changed after an upgrade.
/// </summary>
internal sealed record ChannelFingerprint(
    [property: JsonPropertyName("channelClass")] ChannelClass ChannelClass,
    [property: JsonPropertyName("encoder")] EncoderSettings Encoder,
    [property: JsonPropertyName("package")] OutputDestination Package,
    [property: JsonPropertyName("inputId")] string InputId,
    [property: JsonPropertyName("roleArn")] string RoleArn,
    [property: JsonPropertyName("archive")] bool Archive);

/// <summary>The fingerprint's JSON, with the serializer's default settings.</summary>
[JsonSerializable(typeof(ChannelFingerprint))]
internal sealed partial class ChannelFingerprintJson : JsonSerializerContext;
