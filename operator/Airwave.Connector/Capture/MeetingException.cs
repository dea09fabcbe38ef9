namespace Airwave.Connector.Capture;

/// <summary>The meeting cannot be joined or captured; the message says why, for the pod's log.</summary>
public sealed class MeetingException : Exception
{
    public MeetingException()
    {
    }

    public MeetingException(string message)
        : base(message)
    {
    }

    public MeetingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
