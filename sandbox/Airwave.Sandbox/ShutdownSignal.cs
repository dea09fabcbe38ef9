using System.Runtime.InteropServices;

namespace Airwave.Sandbox;

/// <summary>Turns Ctrl-C (SIGINT) and SIGTERM into a cancellation, so the sandbox shuts down cleanly and exits 0.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _shutdown;
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal(CancellationToken outer)
    {
        _shutdown = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _shutdown.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _shutdown.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the runtime from terminating the process: the main flow stops the servers and returns.
        context.Cancel = true;
        _shutdown.Cancel();
    }
}
