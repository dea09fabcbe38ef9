namespace Airwave.Aws.MediaLive;

public enum InputSecurityGroupState
{
    Idle,
    InUse,
    Updating,
    Deleted,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
