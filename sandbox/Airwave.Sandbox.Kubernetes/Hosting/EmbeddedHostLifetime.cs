using Microsoft.Extensions.Hosting;

namespace Airwave.Sandbox.Kubernetes.Hosting;

/// <summary>
/// The server is a component of a host process (the sandbox command, a test run), not a process of its own:
/// it must not react to Ctrl-C or SIGTERM, which belong to whoever owns the process and disposes the server.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
