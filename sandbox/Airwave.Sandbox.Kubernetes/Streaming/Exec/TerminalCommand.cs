using System.Diagnostics;
using System.Globalization;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>
/// A command run in a terminal, for exec with a tty: util-linux's <c>script</c> runs it on a new pseudo-terminal
/// (echo on, stdout and stderr both the terminal, lines ending in CR LF, as in a container's), its size set before the
/// command starts when the client has said it, and changed later on the terminal device itself (which signals
/// SIGWINCH to the command, as a container runtime's resize does).
/// </summary>
internal static class TerminalCommand
{
    private const string Script = "/usr/bin/script";
    private const string Stty = "/usr/bin/stty";

    public static ProcessStartInfo Wrap(ProcessStartInfo start, TerminalSize? size)
    {
        var command = string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList).Select(Quote));
        var wrapped = new ProcessStartInfo(Script)
        {
            UseShellExecute = false,
            WorkingDirectory = start.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        wrapped.Environment.Clear();
        foreach (var (name, value) in start.Environment)
        {
            wrapped.Environment[name] = value;
        }

        foreach (var argument in Arguments(size is { } s ? $"{SizeCommand(s)} 2>/dev/null; exec {command}" : $"exec {command}"))
        {
            wrapped.ArgumentList.Add(argument);
        }

        return wrapped;
    }

    /// <summary>A container's command with <c>tty: true</c>: run on a terminal of its own from the start.</summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<string> argv) => [Script, .. Arguments("exec " + string.Join(' ', argv.Select(Quote)))];

    /// <summary>Sets the size of the terminal the script process <paramref name="scriptPid"/> runs its command on.</summary>
    public static async Task ResizeAsync(int scriptPid, TerminalSize size, CancellationToken ct)
    {
        // A container started a moment ago may not have its command on the terminal yet (kubectl attaches as soon as
        // the pod runs): the terminal is looked for again, for up to two seconds.
        var device = Device(scriptPid);
        for (var attempt = 0; device is null && attempt < 100 && Directory.Exists($"/proc/{scriptPid}"); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            device = Device(scriptPid);
        }

        if (device is null)
        {
            return;
        }

        var stty = new ProcessStartInfo(Stty) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in (string[])["-F", device, "rows", Number(size.Height), "cols", Number(size.Width)])
        {
            stty.ArgumentList.Add(argument);
        }

        using var process = Process.Start(stty);
        if (process is not null)
        {
            await process.WaitForExitAsync(ct);
        }
    }

    /// <summary>The terminal device of script's command: the standard input of its child.</summary>
    private static string? Device(int scriptPid)
    {
        try
        {
            foreach (var child in File.ReadAllText($"/proc/{scriptPid}/task/{scriptPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (new FileInfo($"/proc/{child}/fd/0").LinkTarget is { } target && target.StartsWith("/dev/pts/", StringComparison.Ordinal))
                {
                    return target;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The command has ended.
        }

        return null;
    }

    // -e: script's exit code is the command's; -f: output is passed on as it comes.
    private static string[] Arguments(string command) => ["-q", "-e", "-f", "-c", command, "/dev/null"];

    private static string SizeCommand(TerminalSize size) => $"{Stty} rows {Number(size.Height)} cols {Number(size.Width)}";

    private static string Number(ushort value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
