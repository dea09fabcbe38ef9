using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// The namespace-access controller's account, installed with the chart's RBAC and admission policies into the
/// sandbox's API server (which enforces both): the one RoleBinding it makes is admitted under its identity, and what
/// a compromised controller would bind instead is refused, naming the rule.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class NamespaceAccessPolicyTests(ChartRenderer renderer) : IAsyncLifetime
{
    public const string Controller = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:{AirwaveChart.ReleaseName}-namespace-access";
    private const string Tenant = "team";
    private const string Rule = "the namespace-access controller writes only RoleBindings named airwave of the ClusterRole airwave-namespace to the operator's ServiceAccount airwave/airwave";

    private readonly SandboxApiServer _sandbox = new();

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var chart = await renderer.RenderMinimalAsync();
        await _sandbox.InstallAccessControlAsync(chart);
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", Tenant);
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    /// <summary>The RoleBinding the controller makes in a namespace that holds Airwave objects.</summary>
    public static JsonObject Binding(string @namespace) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "RoleBinding",
        ["metadata"] = new JsonObject
        {
            ["name"] = AirwaveChart.ReleaseName,
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "airwave", ["media.airwave.dev/namespace-access"] = AirwaveChart.ReleaseName },
        },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = $"{AirwaveChart.ReleaseName}-namespace" },
        ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = AirwaveChart.ReleaseName, ["namespace"] = AirwaveChart.ReleaseNamespace }),
    };

    [Fact]
    public async Task The_binding_the_controller_makes_is_admitted_and_removed_under_its_account()
    {
        var created = await AsControllerAsync(Binding(Tenant), "create", "-f", "-");
        var finalized = await _sandbox.Kubectl.RunAsync("patch", "rolebinding", AirwaveChart.ReleaseName, "-n", Tenant, "--type=merge", "-p", """{"metadata":{"finalizers":["media.airwave.dev/namespace-access"]}}""", $"--as={Controller}");
        var deleted = await _sandbox.Kubectl.RunAsync("delete", "rolebinding", AirwaveChart.ReleaseName, "-n", Tenant, "--wait=false", $"--as={Controller}");
        var released = await _sandbox.Kubectl.RunAsync("patch", "rolebinding", AirwaveChart.ReleaseName, "-n", Tenant, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""", $"--as={Controller}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(finalized.ExitCode == 0, finalized.ToString());
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.True(released.ExitCode == 0, released.ToString());
        await Eventually.MatchAsync(
            () => _sandbox.Kubectl.SucceedAsync("get", "rolebindings", "-n", Tenant, "-o", "name"),
            names => names.Trim().Length == 0,
            TimeSpan.FromSeconds(10),
            "the binding is gone once its finalizer is removed");
    }

    [Fact]
    public async Task What_a_compromised_controller_would_bind_instead_is_refused_naming_the_rule()
    {
        var failures = new List<string>();
        foreach (var (what, binding, expected) in CompromisedBindings())
        {
            var result = await AsControllerAsync(binding, "create", "-f", "-");
            if (result.ExitCode == 0 || !result.StandardError.Contains(expected, StringComparison.Ordinal))
            {
                failures.Add($"{what}: expected a refusal saying \"{expected}\", got {result}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal("", await _sandbox.Kubectl.SucceedAsync("get", "rolebindings", "-n", Tenant, "-o", "name"));
    }

    [Fact]
    public async Task Widening_its_own_binding_is_refused_naming_the_rule()
    {
        Assert.Equal(0, (await AsControllerAsync(Binding(Tenant), "create", "-f", "-")).ExitCode);

        var widened = await _sandbox.Kubectl.RunAsync(
            "patch", "rolebinding", AirwaveChart.ReleaseName, "-n", Tenant, "--type=json",
            "-p", """[{"op":"add","path":"/subjects/-","value":{"kind":"User","name":"mallory","apiGroup":"rbac.authorization.k8s.io"}}]""",
            $"--as={Controller}");

        Assert.NotEqual(0, widened.ExitCode);
        Assert.Contains($"denied request: {Rule}", widened.StandardError, StringComparison.Ordinal);
        Assert.Equal("no", (await _sandbox.Kubectl.RunAsync("auth", "can-i", "create", "secrets", "-n", Tenant, "--as=mallory")).StandardOutput.Trim());
    }

    [Fact]
    public async Task Without_bind_on_the_operators_role_the_controller_cannot_grant_it()
    {
        var role = $"{AirwaveChart.ReleaseName}-namespace-access";
        var rules = JsonNode.Parse(await _sandbox.Kubectl.SucceedAsync("get", "clusterrole", role, "-o", "jsonpath={.rules}"))!.AsArray();
        var bind = rules.Select((rule, index) => (rule, index)).Single(r => r.rule!["verbs"]!.AsArray().Any(v => (string?)v == "bind")).index;
        await _sandbox.Kubectl.SucceedAsync("patch", "clusterrole", role, "--type=json", "-p", $$"""[{"op":"remove","path":"/rules/{{bind}}"}]""");

        var created = await AsControllerAsync(Binding(Tenant), "create", "-f", "-");

        // The API server's escalation check: the controller holds none of the operator's writes itself.
        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains("is attempting to grant RBAC permissions not currently held", created.StandardError, StringComparison.Ordinal);
        Assert.Equal("", await _sandbox.Kubectl.SucceedAsync("get", "rolebindings", "-n", Tenant, "-o", "name"));
    }

    [Fact]
    public async Task A_teams_own_role_binding_is_not_the_controllers_to_delete()
    {
        await _sandbox.Kubectl.SucceedAsync("create", "rolebinding", "deployers", "-n", Tenant, "--clusterrole=edit", "--user=alice");

        var deleted = await _sandbox.Kubectl.RunAsync("delete", "rolebinding", "deployers", "-n", Tenant, $"--as={Controller}");

        Assert.NotEqual(0, deleted.ExitCode);
        Assert.Contains("cannot delete resource \"rolebindings\"", deleted.StandardError, StringComparison.Ordinal);
        Assert.Contains("rolebinding.rbac.authorization.k8s.io/deployers", await _sandbox.Kubectl.SucceedAsync("get", "rolebindings", "-n", Tenant, "-o", "name"), StringComparison.Ordinal);
    }

    /// <summary>What a compromised controller would bind, and what refuses it: RBAC's escalation check for a role it may not bind, else the admission policy.</summary>
    private static IEnumerable<(string What, JsonObject Binding, string Refusal)> CompromisedBindings()
    {
        JsonObject Changed(Action<JsonObject> change)
        {
            var binding = Binding(Tenant);
            change(binding);
            return binding;
        }

        const string policy = $"ValidatingAdmissionPolicy 'airwave-namespace-access' with binding 'airwave-namespace-access' denied request: {Rule}";
        yield return ("cluster-admin", Changed(b => b["roleRef"]!["name"] = "cluster-admin"), "is attempting to grant RBAC permissions not currently held");
        yield return ("a Role of the namespace", Changed(b => b["roleRef"]!["kind"] = "Role"), policy);
        yield return ("the operator's role to a tenant's account", Changed(b => b["subjects"]![0]!["namespace"] = Tenant), policy);
        yield return ("the operator's role to the controller itself", Changed(b => b["subjects"]![0]!["name"] = $"{AirwaveChart.ReleaseName}-namespace-access"), policy);
        yield return ("a second subject", Changed(b => b["subjects"]!.AsArray().Add(new JsonObject { ["kind"] = "User", ["name"] = "mallory", ["apiGroup"] = "rbac.authorization.k8s.io" })), policy);
        yield return ("a binding of another name", Changed(b => b["metadata"]!["name"] = "airwave-extra"), policy);
    }

    private Task<ProcessResult> AsControllerAsync(JsonObject manifest, params string[] arguments) =>
        _sandbox.Kubectl.RunWithInputAsync(manifest.ToJsonString(), [.. arguments, $"--as={Controller}"]);
}
