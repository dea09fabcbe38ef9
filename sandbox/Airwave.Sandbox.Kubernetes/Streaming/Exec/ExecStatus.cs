using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>How a command ended, as the Status clients read on the error stream (the exit code in a NonZeroExitCode cause).</summary>
internal static class ExecStatus
{
    public static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

    public static JsonObject Exited(int exitCode) => exitCode == 0
        ? Success()
        : Failure("NonZeroExitCode", $"command terminated with non-zero exit code: exit status {exitCode}", exitCode);

    public static JsonObject Failure(string reason, string message, int? exitCode = null)
    {
        var status = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = reason };
        if (exitCode is { } code)
        {
            status["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString(CultureInfo.InvariantCulture) }) };
        }

        return status;
    }
}
