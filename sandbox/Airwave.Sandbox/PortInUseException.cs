using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Airwave.Sandbox;

/// <summary>A port the sandbox was told to use is taken; <see cref="Option"/> names the <see cref="SandboxOptions"/> property.</summary>
public sealed class PortInUseException : Exception
{
    public PortInUseException()
    {
    }

    public PortInUseException(string message)
        : base(message)
    {
    }

    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PortInUseException(string option, int port, Exception? innerException = null)
        : base($"127.0.0.1:{port} is already in use", innerException)
    {
        Option = option;
        Port = port;
    }

    public string Option { get; } = "";

    public int Port { get; }

    /// <summary>Binds the port for a moment to see whether it is free (port 0 always is).</summary>
    public static void ThrowIfTaken(string option, int port)
    {
        if (port == 0)
        {
            return;
        }

        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new PortInUseException(option, port, e);
        }
    }

    /// <summary>Runs a server's start, turning Kestrel's address-in-use failure into this exception.</summary>
    public static async Task<T> WhenTakenAsync<T>(string option, int port, Func<Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            return await start();
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            throw new PortInUseException(option, port, e);
        }
        catch (AddressInUseException e)
        {
            throw new PortInUseException(option, port, e);
        }
    }
}
