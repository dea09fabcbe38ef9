namespace Airwave.Aws.MediaLive;

/// <summary>STANDARD inputs have two destinations (one per pipeline); SINGLE_PIPELINE inputs one.</summary>
public enum InputClass
{
    Standard,
    SinglePipeline,
}
