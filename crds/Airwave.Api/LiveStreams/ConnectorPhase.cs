namespace Airwave.Api.LiveStreams;

public enum ConnectorPhase
{
    Starting,
    Connected,
    Failed,
}
