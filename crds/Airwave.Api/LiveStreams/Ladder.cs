using System.Text.Json.Serialization;

namespace Airwave.Api.LiveStreams;

public enum Ladder
{
    [JsonStringEnumMemberName("1080p")]
    P1080,

    [JsonStringEnumMemberName("720p")]
    P720,

    [JsonStringEnumMemberName("480p")]
    P480,
}
