namespace Airwave.Operator.LiveStreams.Transcoding;

/// <summary>One rung of an ABR ladder.</summary>
public sealed record Rendition(string Name, int Width, int Height, int VideoBitrate);
