using System.Text.Json.Serialization;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaLive;

/// <summary>STANDARD runs two redundant pipelines (and needs two destinations per output); SINGLE_PIPELINE one.</summary>
[JsonConverter(typeof(AwsEnumConverter<ChannelClass>))]
public enum ChannelClass
{
    Standard,
    SinglePipeline,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
