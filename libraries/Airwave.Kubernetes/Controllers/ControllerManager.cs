using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.LeaderElection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Kubernetes.Controllers;

/// <summary>
/// Runs the informers all the time (so a new leader starts with a warm cache) and the controllers only while
/// this instance leads, or always when there is no leader election.
/// </summary>
public sealed partial class ControllerManager(
    IReadOnlyList<IInformer> informers,
    IReadOnlyList<IController> controllers,
    LeaderElector? leaderElector = null,
    ILoggerFactory? loggerFactory = null)
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ControllerManager>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informerRuns = informers.Select(i => i.RunAsync(stopping.Token)).ToList();
        try
        {
            await WaitForSyncAsync(informerRuns, cancellationToken);
            LogSynced(informers.Count);
            if (leaderElector is null)
            {
                await RunControllersAsync(cancellationToken);
            }
            else
            {
                await leaderElector.RunAsync(RunControllersAsync, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            await stopping.CancelAsync();
            await Task.WhenAll(informerRuns);
        }
    }

    /// <summary>Waits for every cache to fill; an informer that fails for good fails the manager instead of a silent hang.</summary>
    private async Task WaitForSyncAsync(List<Task> informerRuns, CancellationToken cancellationToken)
    {
        var synced = Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(cancellationToken)));
        if (informerRuns.Count > 0 && await Task.WhenAny(synced, Task.WhenAny(informerRuns)) != synced)
        {
            await Task.WhenAll(informerRuns);
        }

        await synced;
    }

    // A manager of informers alone (a service that only reads a cache) keeps them running until it is stopped.
    private Task RunControllersAsync(CancellationToken cancellationToken) =>
        controllers.Count == 0
            ? Task.Delay(Timeout.Infinite, cancellationToken)
            : Task.WhenAll(controllers.Select(c => c.RunAsync(cancellationToken)));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} informers synced")]
    private partial void LogSynced(int count);
}
