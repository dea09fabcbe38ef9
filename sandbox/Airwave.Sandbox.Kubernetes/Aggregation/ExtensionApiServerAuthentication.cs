using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// kube-system/extension-apiserver-authentication, as kube-apiserver publishes it: what an aggregated API server
/// reads to trust the front proxy's requests — the authority of the client certificate it presents and the
/// headers that carry the user (X-Remote-User, X-Remote-Group, X-Remote-Extra-*).
/// </summary>
internal static class ExtensionApiServerAuthentication
{
    public const string Namespace = "kube-system";
    public const string Name = "extension-apiserver-authentication";

    public static void Publish(ResourceService service, FrontProxyCertificates frontProxy, string? clientAuthorityPem)
    {
        var data = new JsonObject
        {
            ["requestheader-client-ca-file"] = frontProxy.AuthorityPem,
            ["requestheader-allowed-names"] = List(FrontProxyCertificates.ClientName),
            ["requestheader-username-headers"] = List(AggregatedApiProxy.UserHeader),
            ["requestheader-group-headers"] = List(AggregatedApiProxy.GroupHeader),
            ["requestheader-extra-headers-prefix"] = List(AggregatedApiProxy.ExtraHeaderPrefix),
        };
        if (clientAuthorityPem is not null)
        {
            data["client-ca-file"] = clientAuthorityPem;
        }

        service.Create(BuiltInResources.ConfigMaps, Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace },
            ["data"] = data,
        }, WriteOptions.Default);
    }

    /// <summary>A list as kube-apiserver writes it into the ConfigMap: a JSON array in a string.</summary>
    private static string List(string value) => new JsonArray(value).ToJsonString();
}
