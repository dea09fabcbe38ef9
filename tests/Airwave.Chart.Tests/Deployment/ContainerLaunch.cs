using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Chart.Tests.Deployment;

/// <summary>
/// What a kubelet would start for the operator container of a rendered Deployment, on this machine: its command and
/// arguments, its environment with every fieldRef and secretKeyRef resolved, its ConfigMap and emptyDir volumes as
/// directories (arguments naming a path under a mount are rewritten to the directory), and its container port mapped
/// to a loopback port, as a pod's own network namespace would hold it. Anything else the chart starts to use fails
/// the test until this learns it, so the test keeps running exactly what the chart renders.
/// </summary>
internal sealed record ContainerLaunch(IReadOnlyList<string> Command, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment, string ServiceAccountName)
{
    /// <summary>Where the image keeps the operator's build (the Dockerfile's publish directory).</summary>
    public const string ImageAppDirectory = "/app/";

    public static async Task<ContainerLaunch> ResolveAsync(
        JsonObject deployment,
        string podName,
        int hostPort,
        string volumesDirectory,
        Func<string, Task<JsonObject>> readObject)
    {
        var pod = deployment["spec"]!["template"]!["spec"]!.AsObject();
        var container = pod["containers"]!.AsArray().Single(c => (string?)c!["name"] == "operator")!.AsObject();
        var @namespace = (string)deployment["metadata"]!["namespace"]!;

        var mounts = new Dictionary<string, string>();
        foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
        {
            var volumeName = (string)mount!["name"]!;
            var volume = pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == volumeName)!.AsObject();
            var directory = Directory.CreateDirectory(Path.Combine(volumesDirectory, volumeName)).FullName;
            if (volume["configMap"] is JsonObject configMap)
            {
                var data = (await readObject($"configmap/{configMap["name"]}"))["data"]!.AsObject();
                foreach (var (key, value) in data)
                {
                    await File.WriteAllTextAsync(Path.Combine(directory, key), (string)value!);
                }
            }
            else
            {
                Assert.True(volume["emptyDir"] is not null, $"volume {volumeName} is neither a ConfigMap nor an emptyDir");
            }

            mounts[((string)mount["mountPath"]!).TrimEnd('/') + "/"] = directory + "/";
        }

        var containerPort = (long)container["ports"]!.AsArray().Single()!["containerPort"]!;
        var args = (container["args"]?.AsArray() ?? []).Select(a => MapPaths((string)a!, mounts))
            .Select(a => a.Replace($"0.0.0.0:{containerPort}", $"127.0.0.1:{hostPort}", StringComparison.Ordinal))
            .ToList();
        var command = (container["command"]?.AsArray() ?? []).Select(c => ((string)c!).Replace(ImageAppDirectory, AppContext.BaseDirectory, StringComparison.Ordinal)).ToList();

        var environment = new Dictionary<string, string>();
        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            environment[name] = variable["value"] is JsonNode value
                ? (string)value!
                : await ResolveAsync(name, variable["valueFrom"]!.AsObject(), podName, @namespace, readObject);
        }

        Assert.True(container["envFrom"] is null, "envFrom is not resolved here yet");
        return new ContainerLaunch(command, args, environment, (string)pod["serviceAccountName"]!);
    }

    private static async Task<string> ResolveAsync(string name, JsonObject source, string podName, string @namespace, Func<string, Task<JsonObject>> readObject)
    {
        if (source["fieldRef"]?["fieldPath"] is JsonNode field)
        {
            return (string)field! switch
            {
                "metadata.name" => podName,
                "metadata.namespace" => @namespace,
                var path => throw new InvalidOperationException($"{name}: fieldRef {path} is not resolved here yet"),
            };
        }

        if (source["secretKeyRef"] is JsonObject secretKey)
        {
            var secret = await readObject($"secret/{secretKey["name"]}");
            var encoded = (string?)secret["data"]?[(string)secretKey["key"]!] ?? throw new InvalidOperationException($"{name}: secret {secretKey["name"]} has no key {secretKey["key"]}");
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }

        throw new InvalidOperationException($"{name}: valueFrom {source.ToJsonString()} is not resolved here yet");
    }

    // The deepest mount holding the path, as in a container's mount table.
    private static string MapPaths(string argument, Dictionary<string, string> mounts) =>
        mounts.Where(mount => argument.StartsWith(mount.Key, StringComparison.Ordinal)).OrderByDescending(mount => mount.Key.Length)
            .Select(mount => mount.Value + argument[mount.Key.Length..])
            .FirstOrDefault(argument);
}
