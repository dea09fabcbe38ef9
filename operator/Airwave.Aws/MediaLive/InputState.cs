namespace Airwave.Aws.MediaLive;

public enum InputState
{
    Creating,
    Detached,
    Attached,
    Deleting,
    Deleted,
}
