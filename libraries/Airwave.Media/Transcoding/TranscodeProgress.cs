namespace Airwave.Media.Transcoding;

/// <summary>How far a transcode Job is: its stage and, while it transcodes, the share of the source done (0 to 100).</summary>
public sealed record TranscodeProgress(TranscodeStage Stage, double Percent);

public enum TranscodeStage
{
    Downloading,
    Probing,
    Transcoding,
    Uploading,
}
