namespace Airwave.Events.Views;

/// <summary>The viewer's browser or player as events carry it: its User-Agent header, bounded.</summary>
public static class ViewerAgent
{
    public const int MaxLength = 512;

    public static string? Of(string? userAgent) =>
        string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxLength)];
}
