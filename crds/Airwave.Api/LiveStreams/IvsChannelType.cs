namespace Airwave.Api.LiveStreams;

public enum IvsChannelType
{
    Standard,
    Basic,
    AdvancedSd,
    AdvancedHd,
}
