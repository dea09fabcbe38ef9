using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>A path of the machine that a container sees at another path.</summary>
internal sealed record ContainerMount(string Source, string Target, bool ReadOnly);

/// <summary>
/// What a container sees where: its image's files (<see cref="ImageEntry.Files"/>) and its volumeMounts, bound in
/// a mount namespace of the container's own (`unshare --mount`), so that other processes on the machine see none of
/// it; and the pod's hostname, in a UTS namespace of its own. Mount points that do not exist on the machine are created there, empty, as a container runtime creates them
/// in the image.
/// </summary>
internal static class ContainerMounts
{
    private const string Unshare = "/usr/bin/unshare";
    private const string Bash = "/bin/bash";

    /// <summary>The container's mounts, or why it cannot be created (CreateContainerConfigError).</summary>
    public static (List<ContainerMount>? Mounts, string? Problem) For(JsonObject container, ImageEntry image, IReadOnlyDictionary<string, string> volumes, IReadOnlyDictionary<string, string> variables)
    {
        var mounts = image.Files.Select(file => new ContainerMount(file.Value, file.Key, ReadOnly: false)).ToList();
        foreach (var mount in (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)mount["name"] ?? "";
            if (!volumes.TryGetValue(name, out var source))
            {
                return (null, $"volume mount {name} names no volume of the pod");
            }

            var subPath = (string?)mount["subPath"] is { Length: > 0 } sub ? sub
                : (string?)mount["subPathExpr"] is { Length: > 0 } expression ? ContainerEnvironment.Expand(expression, variables)
                : null;
            if (subPath is not null)
            {
                source = Path.GetFullPath(Path.Combine(source, subPath));
                if (!File.Exists(source) && !Directory.Exists(source))
                {
                    Directory.CreateDirectory(source);
                }
            }

            mounts.Add(new ContainerMount(source, (string?)mount["mountPath"] ?? "", (bool?)mount["readOnly"] == true));
        }

        // A mount inside another comes after it.
        return ([.. mounts.OrderBy(m => m.Target.TrimEnd('/').Count(c => c == '/'))], null);
    }

    /// <summary>True when the path is inside one of the mounts, where only the container sees what it is.</summary>
    public static bool Covers(IReadOnlyList<ContainerMount> mounts, string path) =>
        mounts.Any(m => path == m.Target || path.StartsWith(m.Target.TrimEnd('/') + "/", StringComparison.Ordinal));

    /// <summary>
    /// The command line that runs <paramref name="argv"/> in <paramref name="workingDirectory"/> with the mounts in
    /// place and the pod's <paramref name="hostname"/>. Every source is opened before anything is mounted, so a mount over a directory that holds other
    /// sources (an emptyDir at /tmp, say) does not hide them.
    /// </summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<string> argv, IReadOnlyList<ContainerMount> mounts, string workingDirectory, string hostname)
    {
        var script = new StringBuilder();
        script.Append($"printf %s {Quote(hostname)} > /proc/sys/kernel/hostname || exit 125\n");
        for (var i = 0; i < mounts.Count; i++)
        {
            script.Append($"exec {Descriptor(i)}<{Quote(mounts[i].Source)} || exit 125\n");
        }

        for (var i = 0; i < mounts.Count; i++)
        {
            var (source, target) = (mounts[i].Source, Quote(mounts[i].Target));
            script.Append(Directory.Exists(source) ? $"mkdir -p {target}" : $"mkdir -p \"$(dirname {target})\" && {{ [ -e {target} ] || : > {target}; }}");
            script.Append($" && mount --bind /proc/self/fd/{Descriptor(i)} {target}");
            if (mounts[i].ReadOnly)
            {
                script.Append($" && mount -o remount,bind,ro {target}");
            }

            script.Append($" || {{ echo {Quote($"sandbox: cannot mount {source} at {mounts[i].Target}")} >&2; exit 125; }}\n");
            script.Append($"exec {Descriptor(i)}<&-\n");
        }

        script.Append($"mkdir -p {Quote(workingDirectory)} && cd {Quote(workingDirectory)} || exit 125\n");
        script.Append("exec \"$@\"\n");
        return [Unshare, "--mount", "--uts", "--propagation", "private", Bash, "-c", script.ToString(), "container", .. argv];
    }

    /// <summary>
    /// Waits (at most <paramref name="most"/>) until the process <see cref="Wrap"/> started has its mounts, working
    /// directory and hostname in place and runs the container's command, or has ended: only then is the container
    /// running as a runtime reports it, and `kubectl exec` (which enters its namespaces in its working directory) and
    /// probes find what it will see. The wrapper is the same process throughout (setsid, nice, unshare and the shell
    /// each exec the next), so its command line says which step it is at.
    /// </summary>
    public static void WaitForSetup(int pid, TimeSpan most)
    {
        var deadline = Environment.TickCount64 + (long)most.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            string[] arguments;
            try
            {
                arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');

                // Empty while an exec replaces the program (from unshare to the shell, say), and for a process that
                // ended and was not yet reaped.
                if (arguments is [""] && File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[stat.LastIndexOf(')') + 2] == 'Z')
                {
                    return;
                }
            }
            catch (IOException)
            {
                return;
            }

            var settingUp = arguments[0] is "" or ContainerProcess.Setsid or ContainerProcess.Nice or Unshare
                || arguments is [var shell, "-c", _, "container", ..] && shell == Bash;
            if (!settingUp)
            {
                return;
            }

            Thread.Sleep(5);
        }
    }

    private static int Descriptor(int mount) => 10 + mount;

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
