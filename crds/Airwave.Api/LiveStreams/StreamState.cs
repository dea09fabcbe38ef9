namespace Airwave.Api.LiveStreams;

public enum StreamState
{
    Stopped,
    Running,
}
