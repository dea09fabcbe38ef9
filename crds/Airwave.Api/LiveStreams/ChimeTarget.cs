namespace Airwave.Api.LiveStreams;

public enum ChimeTarget
{
    MediaLive,
    Ivs,
}
