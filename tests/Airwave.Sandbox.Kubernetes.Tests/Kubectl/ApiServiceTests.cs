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

    [Fact]
    public async Task An_apiservice_kube_aggregator_would_refuse_is_refused_in_its_words()
    {
        var refused = await Kubectl.RunWithInputAsync("""
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata: { name: v1.broken.example.com }
            spec:
              group: broken.example.com
              version: v1
              groupPriorityMinimum: 0
              versionPriority: 15
              service: { namespace: default, name: broken, port: 70000 }
              caBundle: dGVzdA==
              insecureSkipTLSVerify: true
            """, ["apply", "-f", "-"]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("spec.service.port: Invalid value: 70000: must be between 1 and 65535, inclusive", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present", refused.StandardError, StringComparison.Ordinal);
    }
}
