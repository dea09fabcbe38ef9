using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests;

/// <summary>What every pod Airwave spawns must be: the restricted Pod Security Standard, no token, no service links.</summary>
public static class LockedDownPods
{
    /// <param name="template">A Deployment's or Job's <c>spec.template</c>.</param>
    public static void AssertLockedDown(JsonNode template)
    {
        var pod = template["spec"]!;
        Assert.False((bool)pod["automountServiceAccountToken"]!);
        Assert.False((bool)pod["enableServiceLinks"]!);
        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        Assert.NotEqual(0L, (long?)pod["securityContext"]!["runAsUser"] ?? -1);
        var containers = (pod["initContainers"]?.AsArray() ?? []).Concat(pod["containers"]!.AsArray()).ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, container =>
        {
            var security = container!["securityContext"]!;
            Assert.False((bool)security["allowPrivilegeEscalation"]!);
            Assert.True((bool)security["readOnlyRootFilesystem"]!);
            Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
            Assert.Null(security["privileged"]);
        });
    }
}
