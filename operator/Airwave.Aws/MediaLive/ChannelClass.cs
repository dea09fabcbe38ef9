namespace Airwave.Aws.MediaLive;

/// <summary>STANDARD runs two redundant pipelines (and needs two destinations per output); SINGLE_PIPELINE one.</summary>
public enum ChannelClass
{
    Standard,
    SinglePipeline,
}
