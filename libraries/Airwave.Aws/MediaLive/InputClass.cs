using System.Text.Json.Serialization;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaLive;

/// <summary>STANDARD inputs have two destinations (one per pipeline); SINGLE_PIPELINE inputs one.</summary>
[JsonConverter(typeof(AwsEnumConverter<InputClass>))]
public enum InputClass
{
    Standard,
    SinglePipeline,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
