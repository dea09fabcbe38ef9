using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Rbac;

/// <summary>Roles, bindings and subjects as JSON, for tests to create through the admin client.</summary>
public static class RbacObjects
{
    public const string ApiPath = "/apis/rbac.authorization.k8s.io/v1";

    public static JsonObject Rule(string[] verbs, string[] resources, string apiGroup = "", string[]? resourceNames = null)
    {
        var rule = new JsonObject { ["apiGroups"] = Array(apiGroup), ["resources"] = Array(resources), ["verbs"] = Array(verbs) };
        if (resourceNames is not null)
        {
            rule["resourceNames"] = Array(resourceNames);
        }

        return rule;
    }

    public static JsonObject Role(string name, params JsonObject[] rules) =>
        new() { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "Role", ["metadata"] = new JsonObject { ["name"] = name }, ["rules"] = new JsonArray(rules) };

    public static JsonObject ClusterRole(string name, params JsonObject[] rules) =>
        new() { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRole", ["metadata"] = new JsonObject { ["name"] = name }, ["rules"] = new JsonArray(rules) };

    public static JsonObject RoleBinding(string name, string roleKind, string roleName, JsonObject subject) => Binding("RoleBinding", name, roleKind, roleName, subject);

    public static JsonObject ClusterRoleBinding(string name, string roleName, JsonObject subject) => Binding("ClusterRoleBinding", name, "ClusterRole", roleName, subject);

    public static JsonObject ServiceAccount(string @namespace, string name) => new() { ["kind"] = "ServiceAccount", ["namespace"] = @namespace, ["name"] = name };

    public static JsonObject Group(string name) => new() { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = name };

    private static JsonObject Binding(string kind, string name, string roleKind, string roleName, JsonObject subject) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
        ["subjects"] = new JsonArray(subject),
    };

    private static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
