namespace Airwave.Kubernetes.Controllers;

/// <summary>A controller without its type, for whoever starts controllers (the manager, under leader election).</summary>
public interface IController
{
    string Name { get; }

    /// <summary>Reconciles until cancelled; may be started again after it returns.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
