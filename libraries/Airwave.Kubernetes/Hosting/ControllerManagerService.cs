using Airwave.Kubernetes.Controllers;
using Microsoft.Extensions.Hosting;

namespace Airwave.Kubernetes.Hosting;

/// <summary>Runs the controller manager for the lifetime of the host; host shutdown releases the leader lease.</summary>
public sealed class ControllerManagerService(ControllerManager manager) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => manager.RunAsync(stoppingToken);
}
