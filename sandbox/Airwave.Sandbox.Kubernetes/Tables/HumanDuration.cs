using System.Globalization;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>Ages as kubectl prints them: "45s", "5m30s", "3h", "2d5h", "400d".</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        var seconds = (long)Math.Max(0, age.TotalSeconds);
        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        return seconds switch
        {
            < 120 => Text($"{seconds}s"),
            _ when minutes < 10 => seconds % 60 == 0 ? Text($"{minutes}m") : Text($"{minutes}m{seconds % 60}s"),
            _ when hours < 3 => Text($"{minutes}m"),
            _ when hours < 8 => minutes % 60 == 0 ? Text($"{hours}h") : Text($"{hours}h{minutes % 60}m"),
            _ when hours < 48 => Text($"{hours}h"),
            _ when days < 8 => hours % 24 == 0 ? Text($"{days}d") : Text($"{days}d{hours % 24}h"),
            _ when days < 365 * 2 => Text($"{days}d"),
            _ => Text($"{days / 365}y"),
        };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
