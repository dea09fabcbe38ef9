using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Rbac;

/// <summary>
/// RBAC's escalation prevention, driven with the real kubectl as a service account that may write RoleBindings
/// and Roles: it grants only what it holds itself, unless it may `bind` (or `escalate`) the role in question.
/// </summary>
public sealed class RbacEscalationTests : IAsyncLifetime
{
    private const string Namespace = "media";
    private const string Binder = "binder";
    private readonly SandboxFixture _sandbox = new(new KubernetesApiServerOptions { Https = true });

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", Namespace);
        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "serviceaccount", Binder);
        var applied = await _sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: rbac-writer, namespace: {{Namespace}} }
            rules:
              - apiGroups: [rbac.authorization.k8s.io]
                resources: [roles, rolebindings]
                verbs: [create]
              - apiGroups: [""]
                resources: [configmaps]
                verbs: [get]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: { name: binder-writes-rbac, namespace: {{Namespace}} }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: rbac-writer }
            subjects:
              - { kind: ServiceAccount, name: {{Binder}}, namespace: {{Namespace}} }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: { name: pod-deleter }
            rules:
              - apiGroups: [""]
                resources: [pods]
                verbs: [delete]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: { name: config-reader }
            rules:
              - apiGroups: [""]
                resources: [configmaps]
                verbs: [get]
            """, "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task A_role_it_does_not_hold_is_bound_only_with_bind_on_that_role()
    {
        var binder = _sandbox.KubectlAs(Namespace, Binder);

        var without = await binder.RunAsync("-n", Namespace, "create", "rolebinding", "deleters", "--clusterrole=pod-deleter", "--user=alice");
        await _sandbox.Kubectl.SucceedAsync("create", "clusterrole", "bind-pod-deleter", "--verb=bind", "--resource=clusterroles", "--resource-name=pod-deleter");
        await _sandbox.Kubectl.SucceedAsync("-n", Namespace, "create", "rolebinding", "binder-binds", "--clusterrole=bind-pod-deleter", $"--serviceaccount={Namespace}:{Binder}");
        var with = await binder.RunAsync("-n", Namespace, "create", "rolebinding", "deleters", "--clusterrole=pod-deleter", "--user=alice");
        var another = await binder.RunAsync("-n", Namespace, "create", "rolebinding", "admins", "--clusterrole=cluster-admin", "--user=alice");

        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("rolebindings.rbac.authorization.k8s.io \"deleters\" is forbidden: user \"system:serviceaccount:media:binder\"", without.StandardError, StringComparison.Ordinal);
        Assert.Contains("is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}", without.StandardError, StringComparison.Ordinal);
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.NotEqual(0, another.ExitCode);
        Assert.Contains("attempting to grant RBAC permissions not currently held", another.StandardError, StringComparison.Ordinal);
        Assert.Equal("yes", (await _sandbox.Kubectl.RunAsync("auth", "can-i", "delete", "pods", "-n", Namespace, "--as=alice")).StandardOutput.Trim());
    }

    [Fact]
    public async Task A_role_whose_rules_it_holds_is_bound_without_bind()
    {
        var binder = _sandbox.KubectlAs(Namespace, Binder);

        var bound = await binder.RunAsync("-n", Namespace, "create", "rolebinding", "readers", "--clusterrole=config-reader", "--user=alice");

        Assert.True(bound.ExitCode == 0, bound.ToString());
        Assert.Equal("yes", (await _sandbox.Kubectl.RunAsync("auth", "can-i", "get", "configmaps", "-n", Namespace, "--as=alice")).StandardOutput.Trim());
    }

    [Fact]
    public async Task A_role_is_written_only_with_rules_its_writer_holds()
    {
        var binder = _sandbox.KubectlAs(Namespace, Binder);

        var held = await binder.RunAsync("-n", Namespace, "create", "role", "reader", "--verb=get", "--resource=configmaps");
        var escalating = await binder.RunAsync("-n", Namespace, "create", "role", "thief", "--verb=get", "--resource=secrets");
        var wildcard = await binder.RunAsync("-n", Namespace, "create", "role", "everything", "--verb=*", "--resource=configmaps");

        Assert.True(held.ExitCode == 0, held.ToString());
        Assert.NotEqual(0, escalating.ExitCode);
        Assert.Contains("roles.rbac.authorization.k8s.io \"thief\" is forbidden", escalating.StandardError, StringComparison.Ordinal);
        Assert.Contains("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}", escalating.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, wildcard.ExitCode);
        Assert.Contains("Verbs:[\"*\"]", wildcard.StandardError, StringComparison.Ordinal);
    }
}
