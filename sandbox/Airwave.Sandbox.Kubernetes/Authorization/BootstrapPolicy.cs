using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings kube-apiserver creates at start-up that matter here:
/// cluster-admin for system:masters, and discovery, basic-user and public-info for every authenticated user.
/// </summary>
internal static class BootstrapPolicy
{
    public static IReadOnlyList<JsonObject> ClusterRoles =>
    [
        ClusterRole("cluster-admin", Rule(["*"], apiGroups: ["*"], resources: ["*"]), Rule(["*"], nonResourceUrls: ["*"])),
        ClusterRole("system:discovery", Rule(["get"], nonResourceUrls: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])),
        ClusterRole(
            "system:basic-user",
            Rule(["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"])),
        ClusterRole("system:public-info-viewer", Rule(["get"], nonResourceUrls: ["/healthz", "/livez", "/readyz", "/version", "/version/"])),
    ];

    public static IReadOnlyList<JsonObject> ClusterRoleBindings =>
    [
        Binding("cluster-admin", "system:masters"),
        Binding("system:discovery", "system:authenticated"),
        Binding("system:basic-user", "system:authenticated"),
        Binding("system:public-info-viewer", "system:authenticated", "system:unauthenticated"),
    ];

    private static JsonObject ClusterRole(string name, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Metadata(name),
        ["rules"] = new JsonArray(rules),
    };

    private static JsonObject Binding(string name, params string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Metadata(name),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = name },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = g })]),
    };

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };

    private static JsonObject Rule(string[] verbs, string[]? apiGroups = null, string[]? resources = null, string[]? nonResourceUrls = null)
    {
        var rule = new JsonObject { ["verbs"] = Array(verbs) };
        if (apiGroups is not null)
        {
            rule["apiGroups"] = Array(apiGroups);
            rule["resources"] = Array(resources ?? []);
        }

        if (nonResourceUrls is not null)
        {
            rule["nonResourceURLs"] = Array(nonResourceUrls);
        }

        return rule;
    }

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
