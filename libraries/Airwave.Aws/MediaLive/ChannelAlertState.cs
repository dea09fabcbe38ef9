namespace Airwave.Aws.MediaLive;

public enum ChannelAlertState
{
    Set,
    Cleared,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
