namespace Airwave.Sandbox.Kubernetes;

/// <summary>How the sandbox API server listens and how long it remembers events.</summary>
public sealed record KubernetesApiServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (see <see cref="KubernetesApiServer.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>Events kept for watches that resume from a resourceVersion; older resumes get 410 Expired.</summary>
    public int WatchHistorySize { get; init; } = 10_000;

    /// <summary>Serve HTTPS with a certificate from a CA made up for this run; the kubeconfig carries the CA.</summary>
    public bool Https { get; init; }

    /// <summary>Run pods as local processes with these settings; null (the default) stores pods without running them.</summary>
    public Pods.KubeletOptions? Kubelet { get; init; }

    /// <summary>The clock of timestamps and schedules (CronJobs'); tests set one they move.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where Services' cluster IPs come from: a block of loopback; null (the default) picks one at random that no other
    /// sandbox on this machine serves cluster DNS in.
    /// </summary>
    public Networking.ServiceRange? ServiceRange { get; init; }

    /// <summary>How often watches that allow bookmarks get one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);
}
