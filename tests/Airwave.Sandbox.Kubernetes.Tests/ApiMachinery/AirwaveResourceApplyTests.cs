using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Sandbox.Kubernetes.Tests.ApiMachinery;

/// <summary>Server-side apply of the project's own custom resources, with list types read from the committed CRDs.</summary>
public sealed class AirwaveResourceApplyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    private static readonly ListTypes LiveStreamLists = ListTypes.FromSchema(
        YamlReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "crds", "media.airwave.dev_livestreams.yaml")))!
            ["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!);

    private static JsonObject Example() =>
        (JsonObject)YamlReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "livestream-rtmp.yaml")))!;

    private static JsonObject StatusWithCondition(string type, string status) => JsonText.Yaml($"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata: {"{"}name: workshop-a{"}"}
        status:
          conditions:
          - type: {type}
            status: "{status}"
            reason: Testing
            message: set by a test
            lastTransitionTime: "2026-11-21T18:00:00Z"
        """);

    [Fact]
    public void Conditions_applied_by_different_managers_merge_by_type()
    {
        var created = ServerSideApply.Apply(null, Example(), "kubectl", force: false, LiveStreamLists, Now).Object;
        var ready = ServerSideApply.Apply(created, StatusWithCondition("Ready", "True"), "airwave-operator", force: false, LiveStreamLists, Now).Object;

        var result = ServerSideApply.Apply(ready, StatusWithCondition("Archived", "False"), "archiver", force: false, LiveStreamLists, Now);

        Assert.Empty(result.Conflicts);
        var types = result.Object["status"]!["conditions"]!.AsArray().Select(condition => (string?)condition!["type"]);
        Assert.Equal(["Ready", "Archived"], types);
        var archiver = result.Object["metadata"]!["managedFields"]!.AsArray().Single(entry => (string?)entry!["manager"] == "archiver")!;
        Assert.Equal(
            ["k:{\"type\":\"Archived\"}"],
            archiver["fieldsV1"]!["f:status"]!["f:conditions"]!.AsObject().Select(item => item.Key));
    }

    [Fact]
    public void Changing_another_managers_condition_conflicts_on_that_condition()
    {
        var created = ServerSideApply.Apply(null, Example(), "kubectl", force: false, LiveStreamLists, Now).Object;
        var ready = ServerSideApply.Apply(created, StatusWithCondition("Ready", "True"), "airwave-operator", force: false, LiveStreamLists, Now).Object;

        var result = ServerSideApply.Apply(ready, StatusWithCondition("Ready", "False"), "someone-else", force: false, LiveStreamLists, Now);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(".status.conditions[type=\"Ready\"].status", conflict.Field);
        Assert.Equal("airwave-operator", conflict.Manager);
    }

    [Fact]
    public void Reapplying_the_example_with_a_spec_change_leaves_the_operators_status_alone()
    {
        var created = ServerSideApply.Apply(null, Example(), "kubectl", force: false, LiveStreamLists, Now).Object;
        var ready = ServerSideApply.Apply(created, StatusWithCondition("Ready", "True"), "airwave-operator", force: false, LiveStreamLists, Now).Object;
        var changed = Example();
        changed["spec"]!["state"] = "Stopped";
        changed["spec"]!["source"]!["rtmpPush"]!["allowedCidrs"] = new JsonArray("203.0.113.0/24");

        var result = ServerSideApply.Apply(ready, changed, "kubectl", force: false, LiveStreamLists, Now);

        Assert.Empty(result.Conflicts);
        Assert.Equal("Stopped", (string?)result.Object["spec"]!["state"]);
        JsonText.Equal("""["203.0.113.0/24"]""", result.Object["spec"]!["source"]!["rtmpPush"]!["allowedCidrs"]);
        JsonText.Equal(ready["status"], result.Object["status"]);
    }
}
