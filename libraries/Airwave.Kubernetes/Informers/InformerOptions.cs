using Airwave.Configuration;

namespace Airwave.Kubernetes.Informers;

public sealed record InformerOptions
{
    /// <summary>
    /// The namespaces to list and watch, each with a watch of its own (as a namespaced Role allows); empty watches
    /// every namespace with one cluster-wide watch.
    /// </summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public string? LabelSelector { get; init; }

    /// <summary>Each watch asks the server to end it after a random time in this range, so watches do not expire together.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before reconnecting after consecutive failures (client-go: 800 ms to 30 s).</summary>
    public ExponentialBackoff ReconnectBackoff { get; init; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), Jitter: 1.0);

    /// <summary>
    /// Objects per LIST page when a list is read from storage (a relist, or an API server without a watch cache),
    /// so a big list is not one huge response.
    /// </summary>
    public int PageSize { get; init; } = 500;
}
