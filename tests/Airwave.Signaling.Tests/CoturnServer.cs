using System.Globalization;
using System.Net;
using Airwave.Sandbox.Aws;

namespace Airwave.Signaling.Tests;

/// <summary>
/// A real TURN server (Debian's coturn) on 127.0.0.1 that takes the credentials of the TURN REST API scheme
/// (use-auth-secret with a shared secret), as a site's would; its files are kept in a folder of the test's.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    private readonly RunningProcess _process;
    private readonly DirectoryInfo _folder;

    private CoturnServer(RunningProcess process, DirectoryInfo folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"turn:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<CoturnServer> StartAsync(string secret)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-coturn-");
        var port = LoopbackPorts.Reserve(IPAddress.Loopback);
        var relayPorts = 40000 + (Random.Shared.Next(0, 200) * 100);
        var process = RunningProcess.Start("/usr/bin/turnserver", [
            "-n",
            "--listening-ip=127.0.0.1",
            "--relay-ip=127.0.0.1",
            $"--listening-port={port.ToString(CultureInfo.InvariantCulture)}",
            $"--min-port={relayPorts.ToString(CultureInfo.InvariantCulture)}",
            $"--max-port={(relayPorts + 99).ToString(CultureInfo.InvariantCulture)}",
            "--use-auth-secret",
            $"--static-auth-secret={secret}",
            "--realm=airwave.test",
            "--no-tls",
            "--no-dtls",
            "--no-cli",
            // The test's client and its peer are both on loopback.
            "--allow-loopback-peers",
            $"--userdb={Path.Combine(folder.FullName, "turndb")}",
            $"--pidfile={Path.Combine(folder.FullName, "turnserver.pid")}",
            "--log-file=stdout",
            "--simple-log",
        ]);
        var server = new CoturnServer(process, folder, port);
        try
        {
            await process.ReadUntilAsync(line => line.Contains("Total General servers", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Allocates a relay with the credential and sends a few packets through it (turnutils_uclient); the tool's result.</summary>
    public Task<ProcessResult> RelayAsync(string username, string credential) =>
        ProcessRunner.RunAsync(
            "/usr/bin/turnutils_uclient",
            ["-y", "-n", "3", "-m", "1", "-u", username, "-w", credential, "-p", Port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"],
            TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
