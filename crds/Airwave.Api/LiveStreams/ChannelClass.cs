namespace Airwave.Api.LiveStreams;

public enum ChannelClass
{
    SinglePipeline,
    Standard,
}
