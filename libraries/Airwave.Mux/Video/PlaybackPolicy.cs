using System.Diagnostics.CodeAnalysis;

namespace Airwave.Mux.Video;

/// <summary>Who may play a playback id: anyone with the URL, or only with a token signed by one of the account's signing keys.</summary>
public static class PlaybackPolicy
{
    public const string Public = "public";
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mux's own name for the policy")]
    public const string Signed = "signed";
}
