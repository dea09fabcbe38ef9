using System.Diagnostics;
using System.Globalization;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Kubernetes;

namespace Airwave.Operator.Benchmarks;

/// <summary>What the benchmarks do with streams: write their manifests, run kubectl, wait for the list to settle.</summary>
internal static class Streams
{
    public static string Manifests(string prefix, int count)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                apiVersion: media.airwave.dev/v1alpha1
                kind: LiveStream
                metadata:
                  name: {prefix}-{i:D4}
                  namespace: default
                spec:
                  state: Running
                  idleStopAfter: 1h
                  source:
                    type: RtmpPush
                ---

                """);
        }

        return yaml.ToString();
    }

    public static async Task<string> KubectlAsync(string kubeconfig, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, .. arguments]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("kubectl did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} exited {process.ExitCode}");
        }

        return output;
    }

    public static async Task WaitAsync(KubernetesClient client, Func<IReadOnlyList<LiveStream>, bool> done, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            var list = await client.ListAsync<LiveStream>(AirwaveResources.LiveStreams, "default", null, CancellationToken.None);
            if (done(list.Items))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"{what}: not reached within 10 minutes");
    }
}
