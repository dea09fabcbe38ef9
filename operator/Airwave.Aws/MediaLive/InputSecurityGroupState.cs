namespace Airwave.Aws.MediaLive;

public enum InputSecurityGroupState
{
    Idle,
    InUse,
    Updating,
    Deleted,
}
