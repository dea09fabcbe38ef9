namespace Airwave.Aws.MediaLive;

public enum InputState
{
    Creating,
    Detached,
    Attached,
    Deleting,
    Deleted,

    /// <summary>A value this build does not know (AWS added it later); read, never sent.</summary>
    Unknown,
}
