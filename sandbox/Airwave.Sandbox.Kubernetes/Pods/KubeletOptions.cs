namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>How the sandbox's kubelet runs pods.</summary>
public sealed record KubeletOptions
{
    /// <summary>What each image runs as.</summary>
    public ImageMap Images { get; init; } = ImageMap.Default;

    /// <summary>At most this many pods run at once; more wait, Pending and unschedulable, until one ends.</summary>
    public int MaxPods { get; init; } = 32;

    /// <summary>The first wait before a container that exited is restarted; it doubles up to <see cref="MaxRestartDelay"/>.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a running pod's Secret and ConfigMap volumes are brought up to date with their sources: the kubelet's
    /// sync, a minute or so in a cluster, shorter here so that tests see a change soon.
    /// </summary>
    public TimeSpan VolumeSyncPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where each pod's containers get a working directory of their own.</summary>
    public string PodsDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "airwave-sandbox-pods");
}
