using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>The keys of the Secrets and ConfigMaps that pods read, for environment variables and volumes alike.</summary>
internal sealed class ConfigSources(ObjectStore store)
{
    public const string Secret = "Secret";
    public const string ConfigMap = "ConfigMap";

    /// <summary>A Secret's data, or a ConfigMap's data and binaryData, by key; null when the object does not exist.</summary>
    public Dictionary<string, byte[]>? Read(string ns, string kind, string name)
    {
        var type = kind == Secret ? BuiltInResources.Secrets : BuiltInResources.ConfigMaps;
        if (store.Get(type.StorageKey, new ObjectKey(ns, name)) is not { } stored)
        {
            return null;
        }

        var obj = stored.ToJson();
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in obj["data"] as JsonObject ?? [])
        {
            data[key] = kind == Secret ? Convert.FromBase64String((string?)value ?? "") : Encoding.UTF8.GetBytes((string?)value ?? "");
        }

        foreach (var (key, value) in obj["binaryData"] as JsonObject ?? [])
        {
            data[key] = Convert.FromBase64String((string?)value ?? "");
        }

        return data;
    }
}
