namespace Airwave.Api.LiveStreams;

public enum LiveStreamPhase
{
    Pending,
    Provisioning,
    Idle,
    Starting,
    Running,
    Stopping,
    Deleting,
    Failed,
}
