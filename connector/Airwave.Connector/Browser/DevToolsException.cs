namespace Airwave.Connector.Browser;

/// <summary>A DevTools command failed, or the browser went away.</summary>
public sealed class DevToolsException : Exception
{
    public DevToolsException()
    {
    }

    public DevToolsException(string message)
        : base(message)
    {
    }

    public DevToolsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
