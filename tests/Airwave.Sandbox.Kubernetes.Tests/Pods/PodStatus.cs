using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>What the tests read of a pod's status, as `kubectl get pod -o json` shows it.</summary>
internal static class PodStatus
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static string? Phase(JsonNode? pod) => (string?)pod?["status"]?["phase"];

    /// <summary>The first container's waiting state, if it waits.</summary>
    public static JsonNode? Waiting(JsonNode? pod) => pod?["status"]?["containerStatuses"]?[0]?["state"]?["waiting"];

    /// <summary>The process id of the first container's current run.</summary>
    public static int ContainerPid(JsonNode pod) =>
        int.Parse(((string)pod["status"]!["containerStatuses"]![0]!["containerID"]!).Replace("sandbox://", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether the process is gone or a zombie. It may be reaped between any two looks at /proc, so a read that finds
    /// no such process counts as gone rather than failing.
    /// </summary>
    public static bool ProcessEnded(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The pod once <paramref name="condition"/> holds for it, within 30 s.</summary>
    public static async Task<JsonNode> WaitForAsync(Testing.Kubectl kubectl, string ns, string name, Func<JsonNode, bool> condition) =>
        (await Eventually.MatchAsync(
            async () => JsonNode.Parse(await kubectl.SucceedAsync("get", "pod", name, "-n", ns, "-o", "json")),
            p => p is not null && condition(p),
            Timeout,
            $"pod {name}"))!;
}
