namespace Airwave.Kubernetes.Events;

public static class EventType
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
