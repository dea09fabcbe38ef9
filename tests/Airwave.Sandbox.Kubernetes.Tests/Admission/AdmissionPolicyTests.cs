using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;
using Airwave.Sandbox.Kubernetes.Tests.Rbac;

namespace Airwave.Sandbox.Kubernetes.Tests.Admission;

/// <summary>
/// ValidatingAdmissionPolicies and their bindings, as kube-apiserver enforces them: CEL over the object, the old
/// object and the request (who asks), Deny and Warn actions, failure policies, and the errors clients see. Each
/// policy here is bound to this test's robot alone (a match condition on its user name), so tests sharing the
/// server do not see each other's.
/// </summary>
public sealed class AdmissionPolicyTests(SandboxFixture sandbox) : ServiceAccountTestBase(sandbox), IClassFixture<SandboxFixture>
{
    private const string Policies = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";
    private const string Bindings = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings";

    private string ConfigMaps => $"/api/v1/namespaces/{Namespace}/configmaps";

    private string PolicyName => $"{Namespace}-policy";

    [Fact]
    public async Task A_deny_binding_refuses_the_robots_write_that_breaks_the_rule_and_lets_others_through()
    {
        await GrantAsync(RbacObjects.Rule(["create"], ["configmaps"]));
        await BindAsync(
            Policy(["CREATE"], new JsonObject { ["expression"] = "has(object.metadata.labels) && object.metadata.labels['team'] == 'media'", ["message"] = "config maps carry the team label" }),
            ["Deny"]);

        var (status, body, _) = await RobotClient.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("bare"));
        var dryRun = await RobotStatusAsync(HttpMethod.Post, $"{ConfigMaps}?dryRun=All", ConfigMap("bare"));

        Assert.Equal(422, status);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        Assert.Equal(
            $"configmaps \"bare\" is forbidden: ValidatingAdmissionPolicy '{PolicyName}' with binding '{PolicyName}' denied request: config maps carry the team label",
            (string?)body["message"]);
        Assert.Equal(422, dryRun);
        Assert.Equal(201, await RobotStatusAsync(HttpMethod.Post, ConfigMaps, ConfigMap("labelled", ("team", "media"))));
        Assert.Equal(201, (await Admin.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("admins"))).Status);

        var kubectl = await Sandbox.Kubectl.RunAsync("create", "configmap", "from-kubectl", "-n", Namespace, $"--as={RobotUser}");
        Assert.True(kubectl.ExitCode != 0, kubectl.ToString());
        Assert.Contains($"ValidatingAdmissionPolicy '{PolicyName}' with binding '{PolicyName}' denied request: config maps carry the team label", kubectl.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_and_deletes_are_judged_against_the_old_object()
    {
        await GrantAsync(RbacObjects.Rule(["patch", "delete"], ["configmaps"]));
        var owned = ConfigMap("owned", ("managed-by", "robot"));
        owned["data"] = new JsonObject { ["colour"] = "blue" };
        await Admin.PostAsync(ConfigMaps, owned);
        await BindAsync(
            Policy(
                ["UPDATE", "DELETE"],
                new JsonObject { ["expression"] = "has(oldObject.metadata.labels) && oldObject.metadata.labels['managed-by'] == 'robot'", ["message"] = "only the robot's own config maps" },
                new JsonObject { ["expression"] = "request.operation == 'DELETE' || object.data == oldObject.data", ["reason"] = "Forbidden", ["message"] = "data is not changed" }),
            ["Deny"]);

        var annotate = await RobotStatusAsync(HttpMethod.Patch, $"{ConfigMaps}/owned", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["seen"] = "yes" } } }, "application/merge-patch+json");
        var (changeData, body, _) = await RobotClient.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/owned", new JsonObject { ["data"] = new JsonObject { ["colour"] = "red" } }, "application/merge-patch+json");
        var deleteOthers = await RobotStatusAsync(HttpMethod.Delete, $"{ConfigMaps}/settings");
        var deleteOwn = await RobotStatusAsync(HttpMethod.Delete, $"{ConfigMaps}/owned");

        Assert.Equal(200, annotate);
        Assert.Equal(403, changeData);
        Assert.Equal("Forbidden", (string?)body!["reason"]);
        Assert.EndsWith("denied request: data is not changed", (string?)body["message"], StringComparison.Ordinal);
        Assert.Equal(422, deleteOthers);
        Assert.Equal(200, deleteOwn);
        Assert.Equal(200, (await Admin.SendAsync(HttpMethod.Get, $"{ConfigMaps}/settings")).Status);
    }

    [Fact]
    public async Task A_warn_binding_admits_the_write_with_a_warning_worded_by_its_message_expression()
    {
        await GrantAsync(RbacObjects.Rule(["create"], ["configmaps"]));
        await BindAsync(
            Policy(["CREATE"], new JsonObject { ["expression"] = "object.metadata.name.startsWith('app-')", ["messageExpression"] = "'name ' + object.metadata.name + ' lacks the app- prefix'" }),
            ["Warn"]);

        var (status, _, response) = await RobotClient.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("plain"));

        Assert.Equal(201, status);
        var warning = Assert.Single(response.Headers.GetValues("Warning"));
        Assert.Contains($"Validation failed for ValidatingAdmissionPolicy '{PolicyName}' with binding '{PolicyName}': name plain lacks the app- prefix", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fail", 422)]
    [InlineData("Ignore", 201)]
    public async Task An_expression_that_cannot_be_evaluated_follows_the_failure_policy(string failurePolicy, int expected)
    {
        await GrantAsync(RbacObjects.Rule(["create"], ["configmaps"]));
        var policy = Policy(["CREATE"], new JsonObject { ["expression"] = "object.data.colour == 'blue'" });
        policy["spec"]!["failurePolicy"] = failurePolicy;
        await BindAsync(policy, ["Deny"]);

        var (status, body, _) = await RobotClient.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("no-data"));

        Assert.Equal(expected, status);
        if (expected == 422)
        {
            Assert.Contains("expression 'object.data.colour == 'blue'' resulted in error", (string?)body!["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bindings_namespace_selector_narrows_its_policy_to_the_namespaces_it_selects()
    {
        await GrantAsync(RbacObjects.Rule(["create"], ["configmaps"]));
        await CreateAsync(OtherNamespace, RbacObjects.Role("robot-role", RbacObjects.Rule(["create"], ["configmaps"])));
        await CreateAsync(OtherNamespace, RbacObjects.RoleBinding("robot-binding", "Role", "robot-role", RbacObjects.ServiceAccount(Namespace, Robot)));
        await Admin.PatchAsync($"/api/v1/namespaces/{OtherNamespace}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["locked"] = "true" } } });
        var binding = new JsonObject { ["matchResources"] = new JsonObject { ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["locked"] = "true" } } } };
        await BindAsync(Policy(["CREATE"], new JsonObject { ["expression"] = "false", ["message"] = "locked" }), ["Deny"], binding);

        Assert.Equal(201, await RobotStatusAsync(HttpMethod.Post, ConfigMaps, ConfigMap("open")));
        Assert.Equal(422, await RobotStatusAsync(HttpMethod.Post, $"/api/v1/namespaces/{OtherNamespace}/configmaps", ConfigMap("locked")));
    }

    [Fact]
    public async Task A_policy_whose_expression_does_not_compile_and_a_binding_that_denies_and_warns_are_refused()
    {
        var policy = Policy(["CREATE"], new JsonObject { ["expression"] = "object.metadata.name ==" });

        var (policyStatus, policyBody, _) = await Admin.SendAsync(HttpMethod.Post, Policies, policy);
        var (bindingStatus, bindingBody, _) = await Admin.SendAsync(HttpMethod.Post, Bindings, Binding(["Deny", "Warn"], null));

        Assert.Equal(422, policyStatus);
        var cause = policyBody!["details"]!["causes"]![0]!;
        Assert.Equal("spec.validations[0].expression", (string?)cause["field"]);
        Assert.StartsWith("Invalid value: \"object.metadata.name ==\": compilation failed:", (string?)cause["message"], StringComparison.Ordinal);
        Assert.Equal(422, bindingStatus);
        Assert.Equal("spec.validationActions", (string?)bindingBody!["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task A_policy_over_events_k8s_io_events_sees_an_event_as_its_client_wrote_it()
    {
        await GrantAsync(RbacObjects.Rule(["create"], ["events"], "events.k8s.io"));
        var policy = Policy(["CREATE"], new JsonObject { ["expression"] = "has(object.regarding) && object.regarding.kind == 'ConfigMap'", ["reason"] = "Forbidden", ["message"] = "events are about config maps" });
        policy["spec"]!["matchConstraints"]!["resourceRules"]![0]!["apiGroups"] = new JsonArray("events.k8s.io");
        policy["spec"]!["matchConstraints"]!["resourceRules"]![0]!["resources"] = new JsonArray("events");
        await BindAsync(policy, ["Deny"]);
        JsonObject Event(string name, string kind) => new()
        {
            ["apiVersion"] = "events.k8s.io/v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["eventTime"] = "2026-11-27T00:00:00.000000Z",
            ["reportingController"] = "example.com/robot",
            ["reportingInstance"] = "robot-0",
            ["action"] = "Check",
            ["reason"] = "Checked",
            ["type"] = "Normal",
            ["regarding"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = kind, ["name"] = "settings", ["namespace"] = Namespace },
        };

        var aboutConfigMap = await RobotStatusAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{Namespace}/events", Event("about-config", "ConfigMap"));
        var (aboutPod, body, _) = await RobotClient.SendAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{Namespace}/events", Event("about-pod", "Pod"));

        Assert.Equal(201, aboutConfigMap);
        Assert.Equal(403, aboutPod);
        Assert.EndsWith("denied request: events are about config maps", (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_over_webhook_configurations_judges_their_updates_as_kubernetes_does()
    {
        // Webhooks are never called for webhook configurations, but policies are: only policies and their bindings are exempt.
        var configuration = $"{Namespace}-webhook";
        await CreateAsync(RbacObjects.ClusterRole($"{Namespace}-robot", RbacObjects.Rule(["update"], ["validatingwebhookconfigurations"], "admissionregistration.k8s.io", [configuration])));
        await CreateAsync(RbacObjects.ClusterRoleBinding($"{Namespace}-robot", $"{Namespace}-robot", RbacObjects.ServiceAccount(Namespace, Robot)));
        var created = await Admin.PostAsync("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "ValidatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = configuration },
            ["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = "check.example.com",
                ["clientConfig"] = new JsonObject { ["url"] = "https://check.example.com/validate" },
                ["rules"] = new JsonArray(),
                ["failurePolicy"] = "Fail",
                ["sideEffects"] = "None",
                ["admissionReviewVersions"] = new JsonArray("v1"),
            }),
        });
        var policy = Policy(["UPDATE"], new JsonObject { ["expression"] = "object.webhooks.map(w, w.failurePolicy) == oldObject.webhooks.map(w, w.failurePolicy)", ["reason"] = "Forbidden", ["message"] = "the failure policy stays" });
        policy["spec"]!["matchConstraints"]!["resourceRules"]![0]!["apiGroups"] = new JsonArray("admissionregistration.k8s.io");
        policy["spec"]!["matchConstraints"]!["resourceRules"]![0]!["resources"] = new JsonArray("validatingwebhookconfigurations");
        await BindAsync(policy, ["Deny"]);
        JsonNode Changed(string failurePolicy, int timeout)
        {
            var changed = created.DeepClone();
            changed["webhooks"]![0]!["failurePolicy"] = failurePolicy;
            changed["webhooks"]![0]!["timeoutSeconds"] = timeout;
            return changed;
        }

        var path = $"/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/{configuration}";
        var (lenient, body, _) = await RobotClient.SendAsync(HttpMethod.Put, path, Changed("Ignore", 10));
        var slower = await RobotStatusAsync(HttpMethod.Put, path, Changed("Fail", 20));
        await Admin.SendAsync(HttpMethod.Delete, path);

        Assert.Equal(403, lenient);
        Assert.EndsWith("denied request: the failure policy stays", (string?)body!["message"], StringComparison.Ordinal);
        Assert.Equal(200, slower);
    }

    private async Task BindAsync(JsonObject policy, string[] actions, JsonObject? bindingSpec = null)
    {
        await Admin.PostAsync(Policies, policy);
        await Admin.PostAsync(Bindings, Binding(actions, bindingSpec));
    }

    /// <summary>A policy over config maps, for the operations given, applying only to this test's robot.</summary>
    private JsonObject Policy(string[] operations, params JsonObject[] validations) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = "ValidatingAdmissionPolicy",
        ["metadata"] = new JsonObject { ["name"] = PolicyName },
        ["spec"] = new JsonObject
        {
            ["matchConstraints"] = new JsonObject
            {
                ["resourceRules"] = new JsonArray(new JsonObject
                {
                    ["apiGroups"] = new JsonArray(""),
                    ["apiVersions"] = new JsonArray("v1"),
                    ["operations"] = new JsonArray([.. operations.Select(o => (JsonNode?)o)]),
                    ["resources"] = new JsonArray("configmaps"),
                }),
            },
            ["matchConditions"] = new JsonArray(new JsonObject { ["name"] = "robot", ["expression"] = $"request.userInfo.username == '{RobotUser}'" }),
            ["validations"] = new JsonArray([.. validations]),
        },
    };

    private JsonObject Binding(string[] actions, JsonObject? spec)
    {
        var bindingSpec = spec ?? [];
        bindingSpec["policyName"] = PolicyName;
        bindingSpec["validationActions"] = new JsonArray([.. actions.Select(a => (JsonNode?)a)]);
        return new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "ValidatingAdmissionPolicyBinding",
            ["metadata"] = new JsonObject { ["name"] = PolicyName },
            ["spec"] = bindingSpec,
        };
    }

    private static JsonObject ConfigMap(string name, params (string Key, string Value)[] labels)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels.Length > 0)
        {
            metadata["labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]);
        }

        return new JsonObject { ["metadata"] = metadata };
    }
}
