using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Configuration;

/// <summary>A range of ports as a setting names it, first-last (40000-40099): the UDP ports a media engine or relay uses.</summary>
public readonly partial record struct PortRange(int First, int Last)
{
    /// <summary>What a setting's error says it expected.</summary>
    public const string Expected = "a range of UDP ports first-last between 1024 and 65535, such as 40000-40099";

    /// <summary>Reads first-last; ports below 1024 are refused, as an unprivileged process cannot bind them.</summary>
    public static bool TryParse(string? value, out PortRange range)
    {
        var match = Pattern().Match(value ?? "");
        if (match.Success
            && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var last)
            && first is >= 1024 and <= 65535 && last >= first && last <= 65535)
        {
            range = new PortRange(first, last);
            return true;
        }

        range = default;
        return false;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");

    [GeneratedRegex(@"^\s*(\d+)\s*-\s*(\d+)\s*$")]
    private static partial Regex Pattern();
}
