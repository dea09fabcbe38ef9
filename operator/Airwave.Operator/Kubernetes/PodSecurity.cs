using System.Text.Json.Nodes;

namespace Airwave.Operator.Kubernetes;

/// <summary>
/// The security settings of every pod Airwave spawns, those of the restricted Pod Security Standard: no root, no
/// privilege escalation, no capabilities, the runtime's default seccomp profile and a read-only root file system
/// (a pod writes only to the emptyDir volumes it mounts).
/// </summary>
public static class PodSecurity
{
    /// <summary>
    /// The user a pod of another project's image runs as: such images (ffmpeg's) often run as root, which
    /// runAsNonRoot alone would refuse to start. Airwave's own images run as their non-root USER.
    /// </summary>
    public const long ForeignImageUser = 65532;

    /// <param name="runAsUser">For an image that would run as root; null keeps the image's user.</param>
    public static JsonObject Pod(long? runAsUser = null)
    {
        var context = new JsonObject
        {
            ["runAsNonRoot"] = true,
            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
        };
        if (runAsUser is { } user)
        {
            context["runAsUser"] = user;
            context["runAsGroup"] = user;
        }

        return context;
    }

    public static JsonObject Container() => new()
    {
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
    };
}
