using System.Globalization;
namespace Airwave.Api.Common;

/// <summary>
/// Dollar amounts as status writes them: at least cents, at most millionths (sums are carried from pass to pass through
/// status, so they keep enough places that rounding never adds up to a cent over a year of passes).
/// </summary>
public static class CostAmount
{
    public static string Format(decimal dollars) =>
        Math.Round(dollars, 6, MidpointRounding.AwayFromZero).ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>An amount status wrote before; zero for none or "unknown".</summary>
    public static decimal Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars) ? dollars : 0m;

    public static string FormatOrUnknown(decimal? dollars) => dollars is { } known ? Format(known) : CostStatus.Unknown;
}
