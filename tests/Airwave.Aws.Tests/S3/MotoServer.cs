using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.S3;

/// <summary>
/// moto's standalone server (the machine's Python has it: <c>moto_server</c>), an S3 implementation no one here
/// wrote, on a free loopback port. Disposing kills it by its PID.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly RunningProcess _process;

    private MotoServer(RunningProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<MotoServer> StartAsync()
    {
        var port = LoopbackPorts.Reserve();
        var process = RunningProcess.Start(Executable(), ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var server = new MotoServer(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }
            try
            {
                using var _ = await http.GetAsync(new Uri(server.BaseAddress, "moto-api/"));
                return server;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Still starting (a slow answer on a busy machine included): ask again.
                await Task.Delay(200);
            }
        }
        var stderr = process.StandardError;
        await server.DisposeAsync();
        throw new InvalidOperationException($"moto_server did not answer on port {port} within {StartTimeout}: {stderr}");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>moto_server on PATH, or in one of pyenv's Python versions, where the machine's Python keeps it.</summary>
    private static string Executable()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var pyenv = Path.Combine(home, ".pyenv", "versions");
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(directory => !directory.Contains(".pyenv/shims", StringComparison.Ordinal))
            .Select(directory => Path.Combine(directory, "moto_server"))
            .Concat(Directory.Exists(pyenv) ? Directory.GetDirectories(pyenv).Order().Select(version => Path.Combine(version, "bin", "moto_server")) : []);
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("moto_server is not installed: the S3 cross-check needs moto's server (pip install 'moto[server]').");
    }
}
