using Airwave.Kubernetes.Controllers;
using Microsoft.Extensions.Hosting;

namespace Airwave.Operator.Hosting;

/// <summary>Runs the informers and controllers for the life of the host.</summary>
internal sealed class ControllerManagerService(ControllerManager manager) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => manager.RunAsync(stoppingToken);
}
