using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// A container's readiness or liveness probe as the kubelet runs it: `exec` (in the container's directory and
/// environment; exit 0 passes), `httpGet` (a status from 200 to 399 passes) or `tcpSocket` (a connection passes), on
/// the pod's address (httpGet's host when given), every periodSeconds after initialDelaySeconds, with successThreshold and failureThreshold.
/// </summary>
/// <remarks>An exec probe of a container with mounts runs in its namespaces: those of <paramref name="namespacesOf"/>, the container's process.</remarks>
internal sealed class Probe(JsonObject spec, JsonObject container, IReadOnlyDictionary<string, string> environment, string workingDirectory, string podAddress, int? namespacesOf)
{
#pragma warning disable CA5359 // The kubelet does not verify the certificates of HTTPS probes either.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
#pragma warning restore CA5359

    public TimeSpan InitialDelay => TimeSpan.FromSeconds((int?)spec["initialDelaySeconds"] ?? 0);

    public TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, (int?)spec["periodSeconds"] ?? 10));

    public int SuccessThreshold => Math.Max(1, (int?)spec["successThreshold"] ?? 1);

    public int FailureThreshold => Math.Max(1, (int?)spec["failureThreshold"] ?? 3);

    private TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, (int?)spec["timeoutSeconds"] ?? 1));

    /// <summary>Runs the probe once; true when it passes.</summary>
    public async Task<bool> CheckAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            if (spec["exec"]?["command"] is JsonArray command)
            {
                return await ExecAsync([.. command.Select(c => (string?)c ?? "")], timeout.Token);
            }

            if (spec["httpGet"] is JsonObject httpGet)
            {
                var scheme = ((string?)httpGet["scheme"] ?? "HTTP").ToLowerInvariant();
                var path = (string?)httpGet["path"] ?? "/";
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{scheme}://{(string?)httpGet["host"] ?? podAddress}:{Port(httpGet["port"])}{(path.StartsWith('/') ? path : "/" + path)}");
                foreach (var header in (httpGet["httpHeaders"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    request.Headers.TryAddWithoutValidation((string?)header["name"] ?? "", (string?)header["value"]);
                }

                using var response = await Http.SendAsync(request, timeout.Token);
                return (int)response.StatusCode is >= 200 and < 400;
            }

            if (spec["tcpSocket"] is JsonObject tcp)
            {
                using var client = new TcpClient();
                await client.ConnectAsync((string?)tcp["host"] ?? podAddress, Port(tcp["port"]), timeout.Token);
                return true;
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A port by number, or by the name of one of the container's ports.</summary>
    private int Port(JsonNode? port)
    {
        if (port is JsonValue value && value.TryGetValue<int>(out var number))
        {
            return number;
        }

        var name = (string?)port;
        var named = (container["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == name);
        return (int?)named?["containerPort"] ?? (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new InvalidOperationException($"probe port {name} is not a port of the container"));
    }

    private async Task<bool> ExecAsync(IReadOnlyList<string> command, CancellationToken ct)
    {
        var start = ContainerCommand.StartInfo(command, environment, workingDirectory, namespacesOf);
        start.RedirectStandardInput = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the probe command did not start");
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0;
    }
}
