// One replica campaigning with KubernetesClient's LeaderElector: official-elector KUBECONFIG LEASE IDENTITY
// LEASE_SECONDS RENEW_SECONDS RETRY_SECONDS. It prints "leading <Stopwatch timestamp>" when it leads (the monotonic
// clock the benchmark's process reads too) and stops, as a pod is stopped, when its standard input closes.
using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

if (args is not [var kubeconfig, var lease, var identity, var leaseSeconds, var renewSeconds, var retrySeconds])
{
    Console.Error.WriteLine("usage: official-elector KUBECONFIG LEASE IDENTITY LEASE_SECONDS RENEW_SECONDS RETRY_SECONDS");
    return 2;
}

using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, "default", lease, identity))
{
    LeaseDuration = Seconds(leaseSeconds),
    RenewDeadline = Seconds(renewSeconds),
    RetryPeriod = Seconds(retrySeconds),
});
elector.OnStartedLeading += () => Console.WriteLine($"leading {Stopwatch.GetTimestamp()}");
elector.OnError += error =>
{
    if (error is not OperationCanceledException)
    {
        Console.Error.WriteLine($"official elector {identity}: {error.Message}");
    }
};

using var stop = new CancellationTokenSource();
_ = Task.Run(async () =>
{
    await Console.In.ReadToEndAsync();
    await stop.CancelAsync();
});
try
{
    await elector.RunAndTryToHoldLeadershipForeverAsync(stop.Token);
}
catch (OperationCanceledException)
{
    // The official elector ends its campaign by throwing.
}

return 0;

static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
