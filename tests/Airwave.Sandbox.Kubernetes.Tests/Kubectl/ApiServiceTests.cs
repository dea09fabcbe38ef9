using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Kubectl;

/// <summary>APIServices as kube-apiserver registers its own: one per served group version, a CRD's while it is served.</summary>
public sealed class ApiServiceTests(SandboxFixture sandbox) : KubectlTestBase(sandbox), IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_served_group_version_has_a_local_available_apiservice_a_crds_while_it_is_served()
    {
        var group = "g" + Guid.NewGuid().ToString("N")[..8] + ".example.com";
        var table = await Kubectl.SucceedAsync("get", "apiservices");
        var discovered = await Kubectl.SucceedAsync("api-resources", "--api-group=apiregistration.k8s.io", "-o", "name");

        await Kubectl.RunWithInputAsync($$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: { name: gadgets.{{group}} }
            spec:
              group: {{group}}
              scope: Namespaced
              names: { plural: gadgets, singular: gadget, kind: Gadget }
              versions:
              - { name: v1beta1, served: true, storage: false, schema: { openAPIV3Schema: { type: object } } }
              - { name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }
            """, ["apply", "-f", "-"]);
        var registered = await Eventually.MatchAsync(
            () => Kubectl.RunAsync("get", "apiservice", $"v1.{group}", $"v1beta1.{group}", "-o", "custom-columns=NAME:.metadata.name,PRIORITY:.spec.groupPriorityMinimum,AVAILABLE:.status.conditions[0].status", "--no-headers"),
            r => r.ExitCode == 0 && r.StandardOutput.Contains("True", StringComparison.Ordinal),
            Timeout,
            "the CRD's APIServices");
        await Kubectl.SucceedAsync("delete", "crd", $"gadgets.{group}");
        var gone = await Eventually.MatchAsync(
            () => Kubectl.RunAsync("get", "apiservice", $"v1.{group}"),
            r => r.ExitCode != 0,
            Timeout,
            "the CRD's APIService gone with it");

        Assert.Matches(@"(?m)^v1\.\s+Local\s+True\s", table);
        Assert.Matches(@"(?m)^v1\.apps\s+Local\s+True\s", table);
        Assert.Matches(@"(?m)^v1\.apiregistration\.k8s\.io\s+Local\s+True\s", table);
        Assert.Contains("apiservices.apiregistration.k8s.io", discovered, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^v1\.{System.Text.RegularExpressions.Regex.Escape(group)}\s+1000\s+True$", registered.StandardOutput);
        Assert.Matches($@"(?m)^v1beta1\.{System.Text.RegularExpressions.Regex.Escape(group)}\s+1000\s+True$", registered.StandardOutput);
        Assert.Contains("NotFound", gone.StandardError, StringComparison.Ordinal);
    }
}
