namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// A stream's place on the live distribution once made sure of: its viewers' URL, and whether the distribution's
/// origin or cache behavior for it had to be written (it was missing, or differed).
/// </summary>
public sealed record LivePlacement(string Url, bool Written);
