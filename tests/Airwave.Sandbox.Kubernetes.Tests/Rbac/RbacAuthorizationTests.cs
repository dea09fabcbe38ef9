using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Rbac;

/// <summary>Roles and ClusterRoles through their bindings: a service account may do exactly what they grant, where they grant it.</summary>
public sealed class RbacAuthorizationTests(SandboxFixture sandbox) : ServiceAccountTestBase(sandbox), IClassFixture<SandboxFixture>
{
    private static readonly JsonObject Patch = new() { ["data"] = new JsonObject { ["colour"] = "blue" } };

    private string ConfigMaps => $"/api/v1/namespaces/{Namespace}/configmaps";

    [Fact]
    public async Task A_role_grants_exactly_its_verbs()
    {
        await GrantAsync(RbacObjects.Rule(["get", "list"], ["configmaps"]));

        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/settings"));
        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, ConfigMaps));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}?watch=true"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Post, ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "new" } }));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Patch, $"{ConfigMaps}/settings", Patch, "application/merge-patch+json"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Delete, $"{ConfigMaps}/settings"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Delete, ConfigMaps));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, $"/api/v1/namespaces/{Namespace}/secrets"));
    }

    [Fact]
    public async Task Resource_names_limit_a_rule_to_the_named_objects()
    {
        await Admin.PostAsync(ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other" } });
        await GrantAsync(RbacObjects.Rule(["get", "watch", "patch"], ["configmaps"], resourceNames: ["settings"]));

        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/settings"));
        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Patch, $"{ConfigMaps}/settings", Patch, "application/merge-patch+json"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/other"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}?watch=true"));
        await using var watch = await WatchReader.OpenAsync(RobotClient.Http, $"{ConfigMaps}?watch=true&fieldSelector=metadata.name%3Dsettings");
        Assert.Equal(200, watch.StatusCode);
        Assert.Equal("settings", (string?)(await watch.NextAsync(TimeSpan.FromSeconds(30)))!["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Subresources_are_granted_apart_from_their_resource_and_denials_are_worded_as_the_apiservers()
    {
        await Sandbox.Kubectl.SucceedAsync("apply", "-f", Manifests.Path("widgets-crd.yaml"));
        var widgets = $"/apis/test.airwave.dev/v1/namespaces/{Namespace}/widgets";
        var widget = await Admin.PostAsync(widgets, JsonNode.Parse("""{"apiVersion":"test.airwave.dev/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"state":"Running"}}""")!);
        await GrantAsync(RbacObjects.Rule(["get", "update"], ["widgets/status"], "test.airwave.dev"));
        widget["status"] = new JsonObject { ["phase"] = "Ready" };

        var statusUpdate = await RobotStatusAsync(HttpMethod.Put, $"{widgets}/w/status", widget);
        var (status, body, _) = await RobotClient.SendAsync(HttpMethod.Put, $"{widgets}/w", widget);

        Assert.Equal(200, statusUpdate);
        Assert.Equal(403, status);
        var expected = JsonNode.Parse($$"""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"widgets.test.airwave.dev \"w\" is forbidden: User \"{{RobotUser}}\" cannot update resource \"widgets\" in API group \"test.airwave.dev\" in the namespace \"{{Namespace}}\"",
             "reason":"Forbidden","details":{"name":"w","group":"test.airwave.dev","kind":"widgets"},"code":403}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body?.ToJsonString());
    }

    [Fact]
    public async Task Wildcards_match_every_verb_and_resource_of_a_group_and_every_subresource()
    {
        await GrantAsync(RbacObjects.Rule(["*"], ["*"], "coordination.k8s.io"), RbacObjects.Rule(["get"], ["*/status"], "test.airwave.dev"));

        Assert.Equal(201, await RobotStatusAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{Namespace}/leases", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "lock" } }));
        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Delete, $"/apis/coordination.k8s.io/v1/namespaces/{Namespace}/leases/lock"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, ConfigMaps));
        Assert.Equal(404, await RobotStatusAsync(HttpMethod.Get, $"/apis/test.airwave.dev/v1/namespaces/{Namespace}/widgets/missing/status"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, $"/apis/test.airwave.dev/v1/namespaces/{Namespace}/widgets/missing"));
    }

    [Fact]
    public async Task A_role_binding_grants_in_its_namespace_only_and_never_at_the_cluster_scope()
    {
        await CreateAsync(RbacObjects.ClusterRole($"{Namespace}-reader", RbacObjects.Rule(["list"], ["configmaps"])));
        await CreateAsync(Namespace, RbacObjects.RoleBinding("reader", "ClusterRole", $"{Namespace}-reader", RbacObjects.ServiceAccount(Namespace, Robot)));

        var here = await RobotStatusAsync(HttpMethod.Get, ConfigMaps);
        var elsewhere = await RobotStatusAsync(HttpMethod.Get, $"/api/v1/namespaces/{OtherNamespace}/configmaps");
        var (clusterStatus, clusterBody, _) = await RobotClient.SendAsync(HttpMethod.Get, "/api/v1/configmaps");

        Assert.Equal(200, here);
        Assert.Equal(403, elsewhere);
        Assert.Equal(403, clusterStatus);
        Assert.Equal($"configmaps is forbidden: User \"{RobotUser}\" cannot list resource \"configmaps\" in API group \"\" at the cluster scope", (string?)clusterBody!["message"]);
    }

    [Fact]
    public async Task A_cluster_role_binding_grants_in_every_namespace_and_at_the_cluster_scope()
    {
        await CreateAsync(RbacObjects.ClusterRole($"{Namespace}-reader", RbacObjects.Rule(["list"], ["configmaps"])));
        await CreateAsync(RbacObjects.ClusterRoleBinding($"{Namespace}-reader", $"{Namespace}-reader", RbacObjects.ServiceAccount(Namespace, Robot)));

        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, ConfigMaps));
        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, $"/api/v1/namespaces/{OtherNamespace}/configmaps"));
        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, "/api/v1/configmaps"));
        Assert.Equal(403, await RobotStatusAsync(HttpMethod.Get, "/api/v1/namespaces"));
    }

    [Fact]
    public async Task Groups_of_service_accounts_can_be_bound()
    {
        await CreateAsync(Namespace, RbacObjects.Role("reader", RbacObjects.Rule(["get"], ["configmaps"])));
        await CreateAsync(Namespace, RbacObjects.RoleBinding("everyone-here", "Role", "reader", RbacObjects.Group($"system:serviceaccounts:{Namespace}")));

        Assert.Equal(200, await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/settings"));
    }

    [Fact]
    public async Task Bindings_take_effect_and_stop_with_the_write_that_makes_or_deletes_them()
    {
        var before = await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/settings");
        await GrantAsync(RbacObjects.Rule(["get"], ["configmaps"]));
        var granted = await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/settings");
        await Admin.SendAsync(HttpMethod.Delete, $"{RbacObjects.ApiPath}/namespaces/{Namespace}/rolebindings/robot-binding");
        var revoked = await RobotStatusAsync(HttpMethod.Get, $"{ConfigMaps}/settings");

        Assert.Equal(403, before);
        Assert.Equal(200, granted);
        Assert.Equal(403, revoked);
    }

    [Fact]
    public async Task A_binding_to_a_missing_role_is_named_in_the_denial()
    {
        await CreateAsync(Namespace, RbacObjects.RoleBinding("dangling", "Role", "missing", RbacObjects.ServiceAccount(Namespace, Robot)));

        var (_, body, _) = await RobotClient.SendAsync(HttpMethod.Get, $"{ConfigMaps}/settings");

        Assert.Equal(
            $"configmaps \"settings\" is forbidden: User \"{RobotUser}\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"{Namespace}\": RBAC: role.rbac.authorization.k8s.io \"missing\" not found",
            (string?)body!["message"]);
    }

    [Theory]
    [InlineData("/version")]
    [InlineData("/healthz")]
    [InlineData("/api")]
    [InlineData("/api/v1")]
    [InlineData("/apis")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/openapi/v3")]
    public async Task Discovery_is_open_to_every_authenticated_service_account(string path)
    {
        using var response = await RobotClient.Http.GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Other_paths_are_forbidden_with_the_path_in_the_message()
    {
        var (status, body, _) = await RobotClient.SendAsync(HttpMethod.Get, "/metrics");

        Assert.Equal(403, status);
        var expected = JsonNode.Parse($$"""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \"{{RobotUser}}\" cannot get path \"/metrics\"",
             "reason":"Forbidden","details":{},"code":403}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body?.ToJsonString());
    }

    [Fact]
    public async Task Admins_impersonate_service_accounts_and_service_accounts_may_not_impersonate()
    {
        using var asRobot = new HttpRequestMessage(HttpMethod.Get, ConfigMaps);
        asRobot.Headers.Add("Impersonate-User", RobotUser);
        using var impersonated = await Admin.Http.SendAsync(asRobot);
        using var asAdmin = new HttpRequestMessage(HttpMethod.Get, ConfigMaps);
        asAdmin.Headers.Add("Impersonate-User", "sandbox-admin");
        using var escalation = await RobotClient.Http.SendAsync(asAdmin);
        var escalationBody = JsonNode.Parse(await escalation.Content.ReadAsStringAsync())!;

        Assert.Equal(403, (int)impersonated.StatusCode);
        Assert.Equal(
            $"configmaps is forbidden: User \"{RobotUser}\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"{Namespace}\"",
            (string?)JsonNode.Parse(await impersonated.Content.ReadAsStringAsync())!["message"]);
        Assert.Equal(403, (int)escalation.StatusCode);
        Assert.Equal($"users \"sandbox-admin\" is forbidden: User \"{RobotUser}\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", (string?)escalationBody["message"]);
    }
}
