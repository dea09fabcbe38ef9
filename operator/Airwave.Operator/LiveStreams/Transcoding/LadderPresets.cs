using Airwave.Api.LiveStreams;

namespace Airwave.Operator.LiveStreams.Transcoding;

/// <summary>The renditions of each ladder preset, highest first; bitrates follow common HLS authoring guidance.</summary>
public static class LadderPresets
{
    public static IReadOnlyList<Rendition> For(Ladder ladder) => ladder switch
    {
        Ladder.P1080 => [Full1080, Hd720, Sd540, Sd360],
        Ladder.P720 => [Hd720, Sd540, Sd360],
        Ladder.P480 => [Sd480, Sd360],
        _ => throw new ArgumentOutOfRangeException(nameof(ladder), ladder, "unknown ladder preset"),
    };

    private static readonly Rendition Full1080 = new("1080p", 1920, 1080, 5_000_000);
    private static readonly Rendition Hd720 = new("720p", 1280, 720, 3_000_000);
    private static readonly Rendition Sd540 = new("540p", 960, 540, 2_000_000);
    private static readonly Rendition Sd480 = new("480p", 854, 480, 1_200_000);
    private static readonly Rendition Sd360 = new("360p", 640, 360, 800_000);
}
