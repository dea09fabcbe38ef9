using System.Globalization;
using Airwave.Sandbox.Aws;

namespace Airwave.Testing;

/// <summary>
/// A PostgreSQL server of its own for a test class: Debian's server binaries, a fresh cluster in a temporary folder,
/// listening on a loopback port, trust authentication for user "airwave". As root (CI) it runs as the "postgres"
/// user, since PostgreSQL refuses to run as root. Disposing stops it (a fast shutdown, by its PID) and removes the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly RunningProcess _server;
    private readonly DirectoryInfo _folder;
    private readonly string _bin;

    private PostgresServer(RunningProcess server, DirectoryInfo folder, string bin, int port)
    {
        _server = server;
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=airwave;Database={database};Pooling=true;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL's server is not installed (Debian package postgresql); tests/install-tools.sh installs it");
        }

        var folder = Directory.CreateTempSubdirectory("airwave-postgres-");
        var data = Path.Combine(folder.FullName, "data");
        if (Environment.IsPrivilegedProcess)
        {
            await Run("chown", ["postgres:postgres", folder.FullName]);
        }

        await Run(AsServerUser(Path.Combine(bin, "initdb"))[0], [.. AsServerUser(Path.Combine(bin, "initdb")).Skip(1), "-D", data, "-U", "airwave", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        var port = LoopbackPorts.Reserve();
        var command = AsServerUser(Path.Combine(bin, "postgres"));
        var server = RunningProcess.Start(command[0], [
            .. command.Skip(1), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", folder.FullName,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
        ]);
        var postgres = new PostgresServer(server, folder, bin, port);
        try
        {
            await Eventually.MatchAsync(
                async () => server.HasExited ? -1 : (await ProcessRunner.RunAsync(Path.Combine(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10))).ExitCode,
                exitCode => exitCode == 0 || server.HasExited,
                TimeSpan.FromSeconds(30),
                "PostgreSQL accepting connections");
            if (server.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited at start: {server.StandardError}");
            }
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        return postgres;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await Run(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "airwave", name]);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            // SIGINT is PostgreSQL's fast shutdown: it ends its sessions and its own child processes.
            await ProcessRunner.RunAsync("kill", ["-INT", _server.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            try
            {
                await _server.WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
                // Disposing kills it.
            }
        }

        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    // setpriv replaces itself with the command, so the PID started is the server's own.
    private static string[] AsServerUser(string program) => Environment.IsPrivilegedProcess
        ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", program]
        : [program];

    private static async Task Run(string program, IEnumerable<string> arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }
}
