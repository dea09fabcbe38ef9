using System.Diagnostics;

namespace Airwave.Signaling.Benchmarks;

/// <summary>Installs socket.io beside server.js at the version package-lock.json pins, once.</summary>
public static class SocketIoInstall
{
    public static async Task EnsureAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "socketio");
        if (Directory.Exists(Path.Combine(folder, "node_modules", "socket.io")))
        {
            return;
        }

        Console.WriteLine("Installing socket.io (npm ci)");
        var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, UseShellExecute = false };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--fetch-timeout=120000", "--fetch-retries=5" })
        {
            start.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode}");
        }
    }
}
