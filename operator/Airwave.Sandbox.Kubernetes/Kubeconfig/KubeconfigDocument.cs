using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Kubeconfig;

/// <summary>A kubeconfig with one cluster, context and user, all named after the sandbox.</summary>
internal static class KubeconfigDocument
{
    public const string Name = "airwave-sandbox";

    public static JsonObject For(Uri server) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Config",
        ["clusters"] = new JsonArray(new JsonObject
        {
            ["name"] = Name,
            ["cluster"] = new JsonObject { ["server"] = server.GetLeftPart(UriPartial.Authority) },
        }),
        ["contexts"] = new JsonArray(new JsonObject
        {
            ["name"] = Name,
            ["context"] = new JsonObject { ["cluster"] = Name, ["user"] = Name, ["namespace"] = "default" },
        }),
        ["current-context"] = Name,
        // The sandbox does not authenticate: an empty user is what kubectl expects then.
        ["users"] = new JsonArray(new JsonObject { ["name"] = Name, ["user"] = new JsonObject() }),
        ["preferences"] = new JsonObject(),
    };
}
