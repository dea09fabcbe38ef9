namespace Airwave.Kubernetes.Informers;

/// <summary>An informer without its type, for whoever starts and waits on informers.</summary>
public interface IInformer
{
    bool HasSynced { get; }

    /// <summary>Lists and watches until cancelled, recovering from every failure on its own.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes once the first list has filled the cache.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
