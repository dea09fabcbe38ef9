using System.Diagnostics;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// A command run in a running container, as exec probes and `kubectl exec` run one: with the container's
/// environment, in its working directory, and, when it has mounts, in its mount and UTS namespaces (entered through
/// the container's process).
/// </summary>
internal static class ContainerCommand
{
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workingDirectory, int? namespacesOf)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        if (namespacesOf is { } pid)
        {
            command = ["/usr/bin/nsenter", $"--target={pid}", "--mount", "--uts", $"--wd={workingDirectory}", "--", .. command];
        }

        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            WorkingDirectory = namespacesOf is null ? workingDirectory : "/",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
