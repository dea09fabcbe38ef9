using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Airwave.Testing;

/// <summary>
/// A real Prometheus server (the Debian <c>prometheus</c> package's binary) on 127.0.0.1, scraping one target
/// every second, with its configuration and storage in a temporary directory. Disposing kills it by PID.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly Process process;
    private readonly DirectoryInfo directory;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly StringBuilder output = new();

    private PrometheusServer(Process process, DirectoryInfo directory)
    {
        this.process = process;
        this.directory = directory;
        process.OutputDataReceived += (_, line) => Capture(line.Data);
        process.ErrorDataReceived += (_, line) => Capture(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where the server listens, known once it is ready.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What the server logged, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(Uri scrapeTarget, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("airwave-prometheus-");
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(
            config,
            $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: airwave-test
                metrics_path: {scrapeTarget.AbsolutePath}
                static_configs:
                  - targets: ["{scrapeTarget.Authority}"]
            """,
            cancellationToken);

        // Port 0: the kernel picks a free port, read back from /proc once the server listens.
        var start = new ProcessStartInfo(
            "prometheus",
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                "--web.listen-address=127.0.0.1:0",
            ])
        {
            WorkingDirectory = directory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var server = new PrometheusServer(Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start"), directory);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The <c>data.result</c> of an instant query through the HTTP API.</summary>
    public async Task<JsonElement> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        var response = await http.GetFromJsonAsync<JsonElement>(
            new Uri(BaseAddress, $"api/v1/query?query={Uri.EscapeDataString(promql)}"),
            cancellationToken);
        if (response.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {response}");
        }

        return response.GetProperty("data").GetProperty("result");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        process.Dispose();
        http.Dispose();
        directory.Delete(recursive: true);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:\n{Output}");
            }

            if (ListeningPort() is { } port)
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                using var ready = await http.GetAsync(new Uri(BaseAddress, "-/ready"), cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The port of the TCP socket the server process listens on, from its file descriptors and /proc/net/tcp.</summary>
    private int? ListeningPort()
    {
        try
        {
            var sockets = Directory.EnumerateFileSystemEntries($"/proc/{process.Id}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .OfType<string>()
                .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
                .Select(target => target["socket:[".Length..^1])
                .ToHashSet(StringComparer.Ordinal);
            const string Listen = "0A";
            return File.ReadLines($"/proc/{process.Id}/net/tcp")
                .Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields[3] == Listen && sockets.Contains(fields[9]))
                .Select(fields => (int?)int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
                .FirstOrDefault();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The process is starting or has just exited; the caller looks again or reports the exit.
            return null;
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
