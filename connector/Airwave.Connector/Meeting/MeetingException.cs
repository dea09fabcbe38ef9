namespace Airwave.Connector.Meeting;

/// <summary>The meeting page cannot be joined or read; the message says why, for the pod's log.</summary>
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
