using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Rbac;

/// <summary>
/// Each test gets two namespaces of its own on the shared server, a service account "robot" in the first, and a
/// client holding a token minted for it through the TokenRequest subresource. The admin client sets up RBAC.
/// </summary>
public abstract class ServiceAccountTestBase(SandboxFixture sandbox) : IAsyncLifetime
{
    protected const string Robot = "robot";

    protected SandboxFixture Sandbox { get; } = sandbox;

    protected SandboxClient Admin => Sandbox.Client;

    protected string Namespace { get; } = "r-" + Guid.NewGuid().ToString("N")[..10];

    protected string OtherNamespace { get; } = "o-" + Guid.NewGuid().ToString("N")[..10];

    protected string RobotUser => $"system:serviceaccount:{Namespace}:{Robot}";

    protected SandboxClient RobotClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        foreach (var ns in new[] { Namespace, OtherNamespace })
        {
            await Admin.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            await Admin.PostAsync($"/api/v1/namespaces/{ns}/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "settings" } });
        }

        await Admin.PostAsync($"/api/v1/namespaces/{Namespace}/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Robot } });
        RobotClient = new SandboxClient(Sandbox.Server.BaseAddress, await RequestTokenAsync(Robot));
    }

    public Task DisposeAsync()
    {
        RobotClient.Dispose();
        return Task.CompletedTask;
    }

    protected async Task<string> RequestTokenAsync(string serviceAccount)
    {
        var response = await Admin.PostAsync($"/api/v1/namespaces/{Namespace}/serviceaccounts/{serviceAccount}/token", new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject(),
        });
        return (string)response["status"]!["token"]!;
    }

    /// <summary>Creates a namespaced RBAC object (Role or RoleBinding) as the admin.</summary>
    protected Task<JsonNode> CreateAsync(string @namespace, JsonObject rbacObject) =>
        Admin.PostAsync($"{RbacObjects.ApiPath}/namespaces/{@namespace}/{Plural(rbacObject)}", rbacObject);

    /// <summary>Creates a cluster-scoped RBAC object (ClusterRole or ClusterRoleBinding) as the admin.</summary>
    protected Task<JsonNode> CreateAsync(JsonObject rbacObject) => Admin.PostAsync($"{RbacObjects.ApiPath}/{Plural(rbacObject)}", rbacObject);

    /// <summary>A Role in <see cref="Namespace"/> with these rules, bound to the robot.</summary>
    protected async Task GrantAsync(params JsonObject[] rules)
    {
        await CreateAsync(Namespace, RbacObjects.Role("robot-role", rules));
        await CreateAsync(Namespace, RbacObjects.RoleBinding("robot-binding", "Role", "robot-role", RbacObjects.ServiceAccount(Namespace, Robot)));
    }

    protected async Task<int> RobotStatusAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json") =>
        (await RobotClient.SendAsync(method, path, body, contentType)).Status;

    private static string Plural(JsonObject rbacObject) => ((string)rbacObject["kind"]!).ToLowerInvariant() + "s";
}
