using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Kubeconfig;

/// <summary>A kubeconfig with one cluster, context and user: the sandbox admin's, or a service account's.</summary>
internal static class KubeconfigDocument
{
    public const string Name = "airwave-sandbox";

    /// <summary>The admin's token: the server maps it to a system:masters user (see Authentication/Authenticator).</summary>
    public const string AdminToken = "airwave-sandbox";

    public static JsonObject For(Uri server, string? certificateAuthorityPem) => For(server, certificateAuthorityPem, Name, AdminToken, "default");

    /// <summary>A kubeconfig whose context and user are named <paramref name="user"/> and authenticate with <paramref name="token"/>.</summary>
    public static JsonObject For(Uri server, string? certificateAuthorityPem, string user, string token, string @namespace) => new()
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
            ["name"] = user,
            ["context"] = new JsonObject { ["cluster"] = Name, ["user"] = user, ["namespace"] = @namespace },
        }),
        ["current-context"] = user,
        ["users"] = new JsonArray(new JsonObject { ["name"] = user, ["user"] = new JsonObject { ["token"] = token } }),
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
