using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>Where one port of a Service is taken, and passed on to its endpoints.</summary>
internal interface IServiceListener : IAsyncDisposable
{
    /// <summary>Whether this listener passes traffic to that Service's port.</summary>
    bool Serves(ObjectKey service, string portName);
}
