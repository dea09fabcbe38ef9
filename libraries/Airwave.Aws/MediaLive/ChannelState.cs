using System.Text.Json.Serialization;
using Airwave.Aws.Http;

namespace Airwave.Aws.MediaLive;

[JsonConverter(typeof(AwsEnumConverter<ChannelState>))]
public enum ChannelState
{
    Creating,
    CreateFailed,
    Idle,
    Starting,
    Running,
    Recovering,
    Stopping,
    Deleting,
    Deleted,
    Updating,
    UpdateFailed,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
