namespace Airwave.Events.Views;

/// <summary>
/// One thing a player reports of a view. <see cref="T"/> is when, in milliseconds since the view was opened, by the
/// player's clock (so a batch sent late still times its stalls right).
/// </summary>
/// <param name="Type">One of <see cref="BeaconEventTypes.All"/>.</param>
/// <param name="Rendition">quality_change: the rendition now playing.</param>
/// <param name="Manual">quality_change: the viewer chose it (counts as an interaction).</param>
/// <param name="Code">error: the player's error code.</param>
/// <param name="Message">error: what the player said.</param>
public sealed record BeaconEvent(string? Type, double? T, Rendition? Rendition = null, bool? Manual = null, string? Code = null, string? Message = null);

/// <summary>A rendition of an HLS ladder: its bandwidth in bits per second and its size.</summary>
public sealed record Rendition(long? Bitrate, int? Width, int? Height);

public static class BeaconEventTypes
{
    public const string Heartbeat = "heartbeat";
    public const string Play = "play";
    public const string Playing = "playing";
    public const string Pause = "pause";
    public const string Seek = "seek";
    public const string BufferingStart = "buffering_start";
    public const string BufferingEnd = "buffering_end";
    public const string QualityChange = "quality_change";
    public const string Error = "error";
    public const string End = "end";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Heartbeat, Play, Playing, Pause, Seek, BufferingStart, BufferingEnd, QualityChange, Error, End,
    };
}
