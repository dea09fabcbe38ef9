namespace Airwave.Api.LiveStreams;

public enum IvsLatencyMode
{
    Low,
    Normal,
}
