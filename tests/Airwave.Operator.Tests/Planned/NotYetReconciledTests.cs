using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests.Planned;

/// <summary>Kinds the API accepts before their controllers exist: the user is told, never met with silence.</summary>
public sealed class NotYetReconciledTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    [Theory]
    [InlineData("archivesplit.yaml", "archivesplit", "friday-clips", "ArchiveSplits")]
    public async Task The_example_gets_a_ready_condition_saying_it_is_not_reconciled_yet(string example, string resource, string name, string kinds)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", example));

        var applied = await sandbox.WaitForAsync(ns, resource, name, o => Ready(o) is not null, $"{name} has a Ready condition");

        var ready = Ready(applied)!;
        Assert.Equal("False", (string?)ready["status"]);
        Assert.Equal("NotImplemented", (string?)ready["reason"]);
        Assert.Equal($"This version of Airwave does not reconcile {kinds} yet: the resource is stored, but nothing is provisioned for it.", (string?)ready["message"]);
        Assert.Equal((long)applied!["metadata"]!["generation"]!, (long)applied["status"]!["observedGeneration"]!);
        Assert.True(sandbox.Host.Aws!.Inventory.IsEmpty, "nothing is made in AWS for it");
    }

    private static JsonNode? Ready(JsonNode? resource) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready");
}
