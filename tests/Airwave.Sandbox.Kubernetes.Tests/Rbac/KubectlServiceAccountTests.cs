using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Rbac;

/// <summary>
/// The real kubectl as a service account. kubectl sends credentials over TLS only, so this server serves HTTPS;
/// the service account's kubeconfig comes from <see cref="KubernetesApiServer.WriteServiceAccountKubeconfig"/>.
/// </summary>
public sealed class KubectlServiceAccountTests : IAsyncLifetime
{
    private const string Namespace = "media";
    private const string Robot = "robot";
    private const string RobotUser = $"system:serviceaccount:{Namespace}:{Robot}";
    private readonly SandboxFixture _sandbox = new(new KubernetesApiServerOptions { Https = true });

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", Namespace);
        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "serviceaccount", Robot);
        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "configmap", "settings", "--from-literal=colour=blue");
        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "secret", "generic", "credentials", "--from-literal=token=s3cr3t");
        var applied = await _sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: config-reader, namespace: {{Namespace}} }
            rules:
              - apiGroups: [""]
                resources: [configmaps]
                verbs: [get, list, watch]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: { name: robot-reads-config, namespace: {{Namespace}} }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader }
            subjects:
              - { kind: ServiceAccount, name: {{Robot}}, namespace: {{Namespace}} }
            """, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, $"kubectl apply failed: {applied}");
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Kubectl_as_a_service_account_gets_what_its_role_allows_and_forbidden_for_the_rest()
    {
        var robot = _sandbox.KubectlAs(Namespace, Robot);

        var allowed = await robot.SucceedAsync("get", "configmap", "settings", "-o", "jsonpath={.data.colour}");
        var forbidden = await robot.RunAsync("get", "secret", "credentials");
        var clusterWide = await robot.RunAsync("get", "configmaps", "--all-namespaces");

        Assert.Equal("blue", allowed);
        Assert.NotEqual(0, forbidden.ExitCode);
        Assert.Contains(
            $"Error from server (Forbidden): secrets \"credentials\" is forbidden: User \"{RobotUser}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{Namespace}\"",
            forbidden.StandardError,
            StringComparison.Ordinal);
        Assert.NotEqual(0, clusterWide.ExitCode);
        Assert.Contains("cannot list resource \"configmaps\" in API group \"\" at the cluster scope", clusterWide.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_discovers_resources_as_a_service_account()
    {
        var resources = await _sandbox.KubectlAs(Namespace, Robot).SucceedAsync("api-resources", "--api-group=rbac.authorization.k8s.io", "-o", "name");

        Assert.Contains("rolebindings.rbac.authorization.k8s.io", resources, StringComparison.Ordinal);
        Assert.Contains("clusterroles.rbac.authorization.k8s.io", resources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_create_token_mints_a_token_and_as_impersonates_the_account()
    {
        var token = (await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "token", Robot, "--duration=20m")).Trim();
        var withToken = await _sandbox.Kubectl.RunAsync("--token", token, "-n", Namespace, "get", "secrets");
        var impersonating = await _sandbox.Kubectl.RunAsync($"--as={RobotUser}", "-n", Namespace, "get", "configmaps", "-o", "name");

        Assert.Contains($"User \"{RobotUser}\" cannot list resource \"secrets\"", withToken.StandardError, StringComparison.Ordinal);
        Assert.True(impersonating.ExitCode == 0, impersonating.ToString());
        Assert.Equal("configmap/settings", impersonating.StandardOutput.Trim());
    }

    [Fact]
    public async Task Kubectl_auth_can_i_answers_for_the_account_itself_and_through_impersonation()
    {
        var robot = _sandbox.KubectlAs(Namespace, Robot);

        var mayWatch = await robot.RunAsync("auth", "can-i", "watch", "configmaps");
        var mayDelete = await robot.RunAsync("auth", "can-i", "delete", "configmaps");
        var asRobot = await _sandbox.Kubectl.RunAsync("auth", "can-i", "get", "secrets", "-n", Namespace, $"--as={RobotUser}");
        var asAdmin = await _sandbox.Kubectl.RunAsync("auth", "can-i", "get", "secrets", "-n", Namespace);

        Assert.Equal(("yes", 0), (mayWatch.StandardOutput.Trim(), mayWatch.ExitCode));
        Assert.Equal(("no", 1), (mayDelete.StandardOutput.Trim(), mayDelete.ExitCode));
        Assert.Equal(("no", 1), (asRobot.StandardOutput.Trim(), asRobot.ExitCode));
        Assert.Equal(("yes", 0), (asAdmin.StandardOutput.Trim(), asAdmin.ExitCode));
    }

    [Fact]
    public async Task Kubectl_create_role_and_rolebinding_grant_a_permission()
    {
        var robot = _sandbox.KubectlAs(Namespace, Robot);
        var before = await robot.RunAsync("get", "secret", "credentials");

        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "role", "secret-reader", "--verb=get", "--resource=secrets", "--resource-name=credentials");
        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "rolebinding", "robot-reads-secret", "--role=secret-reader", $"--serviceaccount={Namespace}:{Robot}");
        var after = await robot.RunAsync("get", "secret", "credentials", "-o", "name");

        Assert.NotEqual(0, before.ExitCode);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Equal("secret/credentials", after.StandardOutput.Trim());
    }

    [Fact]
    public async Task Deleting_the_role_binding_takes_the_permission_away()
    {
        var robot = _sandbox.KubectlAs(Namespace, Robot);
        await robot.SucceedAsync("get", "configmap", "settings");

        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "delete", "rolebinding", "robot-reads-config");
        var after = await robot.RunAsync("get", "configmap", "settings");

        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("Error from server (Forbidden)", after.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_review_and_subject_access_reviews_say_who_a_token_is_and_what_it_may_do()
    {
        var token = (await _sandbox.Kubectl.SucceedAsync("create", "token", Robot, "-n", Namespace)).Trim();

        var review = await PostRawAsync("/apis/authentication.k8s.io/v1/tokenreviews", $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}"}}""");
        var forged = await PostRawAsync("/apis/authentication.k8s.io/v1/tokenreviews", """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"not-a-token"}}""");

        Assert.True((bool)review["status"]!["authenticated"]!);
        Assert.Equal(RobotUser, (string?)review["status"]!["user"]!["username"]);
        var groups = review["status"]!["user"]!["groups"]!.AsArray().Select(g => (string?)g).ToList();
        Assert.Contains($"system:serviceaccounts:{Namespace}", groups);
        Assert.False((bool)forged["status"]!["authenticated"]!);

        var mayRead = await PostRawAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", Review(groups, "configmaps", "settings"));
        var mayReadSecret = await PostRawAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", Review(groups, "secrets", "credentials"));
        Assert.True((bool)mayRead["status"]!["allowed"]!);
        Assert.False((bool)mayReadSecret["status"]!["allowed"]!);
        Assert.Equal("SubjectAccessReview", (string?)mayRead["kind"]);
    }

    [Fact]
    public async Task A_token_minted_for_another_audience_is_no_key_to_the_api_server_but_a_review_for_that_audience_accepts_it()
    {
        var token = (await _sandbox.Kubectl.SucceedAsync("create", "token", Robot, "-n", Namespace, "--audience=media-service")).Trim();

        var asApiServer = await _sandbox.Kubectl.RunAsync("get", "configmaps", "-n", Namespace, "--token", token);
        var forService = await PostRawAsync("/apis/authentication.k8s.io/v1/tokenreviews", $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}","audiences":["other-service","media-service"]}}""");
        var forApiServer = await PostRawAsync("/apis/authentication.k8s.io/v1/tokenreviews", $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}"}}""");

        Assert.Contains("Unauthorized", asApiServer.StandardError, StringComparison.Ordinal);
        Assert.True((bool)forService["status"]!["authenticated"]!);
        Assert.Equal(["media-service"], forService["status"]!["audiences"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(RobotUser, (string?)forService["status"]!["user"]!["username"]);
        Assert.False((bool)forApiServer["status"]!["authenticated"]!);
    }

    private static string Review(IEnumerable<string?> groups, string resource, string name) => new System.Text.Json.Nodes.JsonObject
    {
        ["apiVersion"] = "authorization.k8s.io/v1",
        ["kind"] = "SubjectAccessReview",
        ["spec"] = new System.Text.Json.Nodes.JsonObject
        {
            ["user"] = RobotUser,
            ["groups"] = new System.Text.Json.Nodes.JsonArray([.. groups.Select(g => (System.Text.Json.Nodes.JsonNode?)g)]),
            ["resourceAttributes"] = new System.Text.Json.Nodes.JsonObject { ["namespace"] = Namespace, ["verb"] = "get", ["resource"] = resource, ["name"] = name },
        },
    }.ToJsonString();

    private async Task<System.Text.Json.Nodes.JsonNode> PostRawAsync(string path, string body)
    {
        var result = await _sandbox.Kubectl.RunWithInputAsync(body, "create", "--raw", path, "-f", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        return System.Text.Json.Nodes.JsonNode.Parse(result.StandardOutput)!;
    }
}
