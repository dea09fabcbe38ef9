using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// A container's environment as the kubelet builds it: the runtime's own variables, the API server's address
/// (KUBERNETES_SERVICE_HOST/PORT), then envFrom and env in order, with values from Secrets, ConfigMaps and the
/// pod's own fields, and $(VAR) references expanded.
/// </summary>
internal sealed class ContainerEnvironment(ConfigSources sources, Func<Uri> apiServer)
{
    /// <summary>The variables, or why the container cannot be created (CreateContainerConfigError).</summary>
    public (Dictionary<string, string>? Variables, string? Problem) Build(JsonObject pod, JsonObject container)
    {
        var ns = (string)pod["metadata"]!["namespace"]!;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOSTNAME"] = PodNetworkFiles.Hostname(pod, Networking.ClusterDns.Domain),
            ["HOME"] = "/root",
            ["KUBERNETES_SERVICE_HOST"] = apiServer().Host,
            ["KUBERNETES_SERVICE_PORT"] = apiServer().Port.ToString(CultureInfo.InvariantCulture),
            ["KUBERNETES_SERVICE_PORT_HTTPS"] = apiServer().Port.ToString(CultureInfo.InvariantCulture),
        };

        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var prefix = (string?)source["prefix"] ?? "";
            var (reference, kind) = source["configMapRef"] is JsonObject configMap ? (configMap, "ConfigMap") : (source["secretRef"] as JsonObject, "Secret");
            if (reference is null)
            {
                continue;
            }

            var data = Data(ns, kind, (string?)reference["name"] ?? "");
            if (data is null)
            {
                if ((bool?)reference["optional"] == true)
                {
                    continue;
                }

                return (null, $"{kind.ToLowerInvariant()} \"{reference["name"]}\" not found");
            }

            foreach (var (key, value) in data)
            {
                variables[prefix + key] = value;
            }
        }

        foreach (var entry in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)entry["name"] ?? "";
            if (entry["valueFrom"] is not JsonObject from)
            {
                variables[name] = Expand((string?)entry["value"] ?? "", variables);
                continue;
            }

            var (value, problem) = From(pod, container, ns, from);
            if (problem is not null)
            {
                return (null, problem);
            }

            if (value is not null)
            {
                variables[name] = value;
            }
        }

        return (variables, null);
    }

    /// <summary>$(VAR) becomes the variable's value when it is defined; $$(VAR) becomes $(VAR); anything else stays.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i + 2) is var end and > 0)
            {
                var name = text[(i + 2)..end];
                if (variables.TryGetValue(name, out var value))
                {
                    result.Append(value);
                    i = end;
                    continue;
                }
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    private (string? Value, string? Problem) From(JsonObject pod, JsonObject container, string ns, JsonObject from)
    {
        foreach (var (kind, property) in new[] { ("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef") })
        {
            if (from[property] is not JsonObject reference)
            {
                continue;
            }

            var optional = (bool?)reference["optional"] == true;
            var data = Data(ns, kind, (string?)reference["name"] ?? "");
            var key = (string?)reference["key"] ?? "";
            if (data is null)
            {
                return optional ? (null, null) : (null, $"{kind.ToLowerInvariant()} \"{reference["name"]}\" not found");
            }

            if (!data.TryGetValue(key, out var value))
            {
                return optional ? (null, null) : (null, $"couldn't find key {key} in {kind} {ns}/{reference["name"]}");
            }

            return (value, null);
        }

        if (from["fieldRef"] is JsonObject field)
        {
            var path = (string?)field["fieldPath"] ?? "";
            return FieldValue(pod, path) is { } value ? (value, null) : (null, $"unsupported fieldPath {path}");
        }

        if (from["resourceFieldRef"] is JsonObject resource)
        {
            return ResourceFields.Value(pod, container, resource);
        }

        return (null, null);
    }

    /// <summary>The value of a fieldRef's fieldPath, as the downward API gives it; null for a path it does not know.</summary>
    public static string? FieldValue(JsonObject pod, string path)
    {
        if (path.StartsWith("metadata.labels['", StringComparison.Ordinal) || path.StartsWith("metadata.annotations['", StringComparison.Ordinal))
        {
            var map = path.StartsWith("metadata.labels", StringComparison.Ordinal) ? "labels" : "annotations";
            var key = path[(path.IndexOf('\'', StringComparison.Ordinal) + 1)..path.LastIndexOf('\'')];
            return (string?)pod["metadata"]?[map]?[key] ?? "";
        }

        return path switch
        {
            "metadata.name" => (string?)pod["metadata"]?["name"],
            "metadata.namespace" => (string?)pod["metadata"]?["namespace"],
            "metadata.uid" => (string?)pod["metadata"]?["uid"],
            "spec.nodeName" => Kubelet.NodeName,
            "spec.serviceAccountName" => (string?)pod["spec"]?["serviceAccountName"] ?? "default",
            "status.podIP" or "status.podIPs" => (string?)pod["status"]?["podIP"],
            "status.hostIP" or "status.hostIPs" => "127.0.0.1",
            _ => null,
        };
    }

    private Dictionary<string, string>? Data(string ns, string kind, string name) =>
        sources.Read(ns, kind, name)?.ToDictionary(e => e.Key, e => Encoding.UTF8.GetString(e.Value), StringComparer.Ordinal);
}
