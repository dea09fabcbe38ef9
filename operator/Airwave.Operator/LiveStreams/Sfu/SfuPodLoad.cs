using System.Globalization;
using System.Net;
using Airwave.Operator.Configuration;
using k8s.Models;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// An SFU pod's load as its engine reports it at /metrics on the pod's management port: airwave_sfu_sessions (a
/// publisher or viewer each) and airwave_sfu_handles (peer connections), whether it knows it drains
/// (airwave_sfu_draining), which the operator tells it at /drain, and whether it has the publisher (airwave_sfu_publishing).
/// </summary>
public sealed class SfuPodLoad(HttpClient http, OperatorOptions options)
{
    /// <summary>The pod's load; null when the pod has no address yet or its metrics cannot be read (it is then reported unknown, not zero).</summary>
    public async Task<SfuLoad?> ReadAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status?.PodIP is not { } ip || !IPAddress.TryParse(ip, out var address))
        {
            return null;
        }

        try
        {
            var text = await http.GetStringAsync(ManagementUri(address, "metrics"), cancellationToken);
            return Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Tells the pod whether it drains (PUT or DELETE /drain, with the room admin key the stream's pods share); false
    /// when it could not be told, and is told on a later pass.
    /// </summary>
    public async Task<bool> TellDrainingAsync(V1Pod pod, bool draining, string roomAdminKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status?.PodIP is not { } ip || !IPAddress.TryParse(ip, out var address))
        {
            return false;
        }

        using var request = new HttpRequestMessage(draining ? HttpMethod.Put : HttpMethod.Delete, ManagementUri(address, "drain"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", roomAdminKey);
        try
        {
            using var answer = await http.SendAsync(request, cancellationToken);
            return answer.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The gauges from Prometheus text; null when the load's are missing (draining is unknown, null, without its own).</summary>
    public static SfuLoad? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int? sessions = null, handles = null, draining = null, publishing = null;
        foreach (var line in text.Split('\n'))
        {
            sessions ??= Gauge(line, "airwave_sfu_sessions");
            handles ??= Gauge(line, "airwave_sfu_handles");
            draining ??= Gauge(line, "airwave_sfu_draining");
            publishing ??= Gauge(line, "airwave_sfu_publishing");
        }

        return sessions is { } s && handles is { } h ? new SfuLoad(s, h, draining is null ? null : draining > 0, publishing > 0) : null;
    }

    private Uri ManagementUri(IPAddress address, string path)
    {
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"http://{host}:{options.Sfu.ManagementPort.ToString(CultureInfo.InvariantCulture)}/{path}");
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

/// <summary>What one SFU pod carries, whether it knows it drains (null: it does not say), and whether the stream's publisher is on it.</summary>
public sealed record SfuLoad(int Sessions, int Handles, bool? Draining = null, bool Publishing = false);
