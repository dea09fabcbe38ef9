using System.Globalization;
using System.Net;
using Airwave.Kubernetes.Core;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// An SFU pod's load as its engine reports it at /metrics on the pod's management port: airwave_sfu_sessions (a
/// publisher or viewer each) and airwave_sfu_handles (peer connections).
/// </summary>
public sealed class SfuPodLoad(HttpClient http, OperatorOptions options)
{
    /// <summary>The pod's load; null when the pod has no address yet or its metrics cannot be read (it is then reported unknown, not zero).</summary>
    public async Task<SfuLoad?> ReadAsync(Pod pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status?.PodIP is not { } ip || !IPAddress.TryParse(ip, out var address))
        {
            return null;
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        try
        {
            var text = await http.GetStringAsync(new Uri($"http://{host}:{options.Sfu.ManagementPort.ToString(CultureInfo.InvariantCulture)}/metrics"), cancellationToken);
            return Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The two gauges from Prometheus text; null when either is missing.</summary>
    public static SfuLoad? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int? sessions = null, handles = null;
        foreach (var line in text.Split('\n'))
        {
            sessions ??= Gauge(line, "airwave_sfu_sessions");
            handles ??= Gauge(line, "airwave_sfu_handles");
        }

        return sessions is { } s && handles is { } h ? new SfuLoad(s, h) : null;
    }

    private static int? Gauge(string line, string name)
    {
        if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not (' ' or '{'))
        {
            return null;
        }

        var value = line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : name.Length)..].Trim().Split(' ')[0];
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? (int)parsed : null;
    }
}

/// <summary>What one SFU pod carries.</summary>
public sealed record SfuLoad(int Sessions, int Handles);
