namespace Airwave.Sandbox.Aws.Media;

/// <summary>How a MediaPackage channel's live stream is cut and how long it is kept, from its origin endpoints' settings.</summary>
internal sealed record LivePackaging(int SegmentSeconds, int RetentionSeconds)
{
    /// <summary>MediaPackage's defaults: 6-second segments, a 60-second playlist.</summary>
    public static readonly LivePackaging Default = new(6, 60);
}
