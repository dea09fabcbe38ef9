namespace Airwave.Aws.MediaLive;

public enum ChannelState
{
    Creating,
    CreateFailed,
    Idle,
    Starting,
    Running,
    Recovering,
    Stopping,
    Deleting,
    Deleted,
    Updating,
    UpdateFailed,
}
