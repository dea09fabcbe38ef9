using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Kubeconfig;

/// <summary>A kubeconfig with one cluster, context and user, all named after the sandbox.</summary>
internal static class KubeconfigDocument
{
    public const string Name = "airwave-sandbox";

    public static JsonObject For(Uri server, string? certificateAuthorityPem) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Config",
        ["clusters"] = new JsonArray(new JsonObject
        {
            ["name"] = Name,
            ["cluster"] = Cluster(server, certificateAuthorityPem),
        }),
        ["contexts"] = new JsonArray(new JsonObject
        {
            ["name"] = Name,
            ["context"] = new JsonObject { ["cluster"] = Name, ["user"] = Name, ["namespace"] = "default" },
        }),
        ["current-context"] = Name,
        // The sandbox does not authenticate and accepts any token; having one keeps kubectl from prompting for a
        // username and password over HTTPS.
        ["users"] = new JsonArray(new JsonObject { ["name"] = Name, ["user"] = new JsonObject { ["token"] = "airwave-sandbox" } }),
        ["preferences"] = new JsonObject(),
    };

    private static JsonObject Cluster(Uri server, string? certificateAuthorityPem)
    {
        var cluster = new JsonObject { ["server"] = server.GetLeftPart(UriPartial.Authority) };
        if (certificateAuthorityPem is not null)
        {
            cluster["certificate-authority-data"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificateAuthorityPem));
        }

        return cluster;
    }
}
