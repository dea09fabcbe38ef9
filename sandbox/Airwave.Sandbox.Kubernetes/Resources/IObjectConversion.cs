using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>
/// How a resource served in one shape is stored in another's storage (events.k8s.io/v1 Events live with core v1
/// Events, as they share one etcd prefix on a real cluster).
/// </summary>
internal interface IObjectConversion
{
    JsonObject ToStorage(JsonObject served);

    JsonObject ToServed(JsonObject stored);

    /// <summary>The stored path of a served field, for field selectors ("regarding.name" is "involvedObject.name").</summary>
    string StoragePath(string servedPath);
}
