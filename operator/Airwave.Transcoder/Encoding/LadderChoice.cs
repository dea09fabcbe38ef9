using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Encoding;

/// <summary>One rendition to make, with its picture's size (even numbers, as H.264 in 4:2:0 wants).</summary>
public sealed record PlannedRendition(Rendition Rendition, int Width, int Height);

/// <summary>
/// The ladder capped at the source: no rendition larger than the source is made. "Height" is the picture's short
/// side, so a portrait video gets the same rungs as a landscape one. A source smaller than the lowest rung gets one
/// rendition of its own size at that rung's rates.
/// </summary>
public static class LadderChoice
{
    public static IReadOnlyList<PlannedRendition> For(IReadOnlyList<Rendition> ladder, SourceFacts source)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(source);
        var shortSide = Math.Min(source.Width, source.Height);
        var fitting = ladder.Where(r => r.Height <= shortSide).OrderByDescending(r => r.Height).ToList();
        if (fitting.Count == 0)
        {
            var lowest = ladder.MinBy(r => r.Height) ?? throw new ArgumentException("The ladder has no renditions.", nameof(ladder));
            return [Sized(lowest, shortSide, source)];
        }

        return [.. fitting.Select(r => Sized(r, r.Height, source))];
    }

    private static PlannedRendition Sized(Rendition rendition, int shortSide, SourceFacts source)
    {
        var longSide = Even(shortSide * (double)Math.Max(source.Width, source.Height) / Math.Min(source.Width, source.Height));
        shortSide = Even(shortSide);
        return source.Width >= source.Height
            ? new PlannedRendition(rendition, longSide, shortSide)
            : new PlannedRendition(rendition, shortSide, longSide);
    }

    private static int Even(double size) => Math.Max(2, (int)Math.Round(size / 2) * 2);
}
