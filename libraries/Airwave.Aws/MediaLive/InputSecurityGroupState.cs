using System.Text.Json.Serialization;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaLive;

[JsonConverter(typeof(AwsEnumConverter<InputSecurityGroupState>))]
public enum InputSecurityGroupState
{
    Idle,
    InUse,
    Updating,
    Deleted,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
