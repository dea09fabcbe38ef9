using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.Tests.ApiMachinery;

public sealed class ServerSideApplyTests
{
    private static readonly ListTypes DeploymentLists = ListTypes.For("apps", "Deployment");
    private static readonly DateTimeOffset T1 = new(2026, 11, 21, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    private static JsonObject Manifest(int replicas = 2, string image = "nginx:1.25", bool withTier = true, bool withEnvB = true) => JsonText.Yaml($"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
          labels:
            app: web
        {(withTier ? "    tier: frontend" : "")}
          finalizers: [example.com/cleanup]
        spec:
          replicas: {replicas}
          template:
            spec:
              containers:
              - name: app
                image: {image}
                env:
                - {"{"}name: A, value: "1"{"}"}
        {(withEnvB ? "        - {name: B, value: \"2\"}" : "")}
        """);

    [Fact]
    public void Apply_creates_the_object_and_records_ownership_in_FieldsV1()
    {
        var result = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1);

        Assert.Empty(result.Conflicts);
        Assert.Equal(2, (long)result.Object["spec"]!["replicas"]!);
        JsonText.Equal("""
            [{
              "manager": "kubectl",
              "operation": "Apply",
              "apiVersion": "apps/v1",
              "time": "2026-11-21T17:00:00Z",
              "fieldsType": "FieldsV1",
              "fieldsV1": {
                "f:metadata": {
                  "f:finalizers": {"v:\"example.com/cleanup\"": {}},
                  "f:labels": {"f:app": {}, "f:tier": {}}
                },
                "f:spec": {
                  "f:replicas": {},
                  "f:template": {"f:spec": {"f:containers": {
                    "k:{\"name\":\"app\"}": {
                      ".": {},
                      "f:env": {
                        "k:{\"name\":\"A\"}": {".": {}, "f:name": {}, "f:value": {}},
                        "k:{\"name\":\"B\"}": {".": {}, "f:name": {}, "f:value": {}}
                      },
                      "f:image": {},
                      "f:name": {}
                    }
                  }}}
                }
              }
            }]
            """, result.Object["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Reapplying_without_a_field_removes_it_from_the_object()
    {
        var created = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;

        var result = ServerSideApply.Apply(created, Manifest(withTier: false, withEnvB: false), "kubectl", force: false, DeploymentLists, T2);

        JsonText.Equal("""{"app":"web"}""", result.Object["metadata"]!["labels"]);
        JsonText.Equal("""[{"name":"A","value":"1"}]""", result.Object["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]);
        var fields = result.Object["metadata"]!["managedFields"]![0]!["fieldsV1"]!;
        JsonText.Equal("""{"f:app":{}}""", fields["f:metadata"]!["f:labels"]);
        Assert.Equal("2026-11-21T17:05:00Z", (string?)result.Object["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Fact]
    public void Omitted_fields_that_another_manager_also_applies_are_kept()
    {
        var created = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;
        var shared = ServerSideApply.Apply(created, JsonText.Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {tier: frontend}}
            """), "labeller", force: false, DeploymentLists, T1).Object;

        var result = ServerSideApply.Apply(shared, Manifest(withTier: false), "kubectl", force: false, DeploymentLists, T2);

        JsonText.Equal("""{"app":"web","tier":"frontend"}""", result.Object["metadata"]!["labels"]);
        Assert.Equal(["labeller", "kubectl"], Managers(result.Object));
    }

    [Fact]
    public void A_second_manager_changing_an_owned_field_gets_a_conflict()
    {
        var created = ServerSideApply.Apply(null, Manifest(replicas: 2), "kubectl", force: false, DeploymentLists, T1).Object;
        var scaler = JsonText.Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 5}
            """);

        var result = ServerSideApply.Apply(created, scaler, "autoscaler", force: false, DeploymentLists, T2);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("kubectl", conflict.Manager);
        Assert.Equal(".spec.replicas", conflict.Field);
        Assert.Equal("conflict with \"kubectl\"", conflict.Message);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", result.ConflictMessage);
        JsonText.Equal(created, result.Object);
    }

    [Fact]
    public void Applying_the_value_another_manager_set_shares_ownership_without_conflict()
    {
        var created = ServerSideApply.Apply(null, Manifest(replicas: 2), "kubectl", force: false, DeploymentLists, T1).Object;
        var same = JsonText.Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 2}
            """);

        var result = ServerSideApply.Apply(created, same, "autoscaler", force: false, DeploymentLists, T2);

        Assert.Empty(result.Conflicts);
        Assert.Equal(["kubectl", "autoscaler"], Managers(result.Object));
        JsonText.Equal("""{"f:spec":{"f:replicas":{}}}""", result.Object["metadata"]!["managedFields"]![1]!["fieldsV1"]);
    }

    [Fact]
    public void Force_takes_ownership_of_the_conflicting_fields()
    {
        var created = ServerSideApply.Apply(null, Manifest(replicas: 2), "kubectl", force: false, DeploymentLists, T1).Object;
        var scaler = JsonText.Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 5}
            """);

        var result = ServerSideApply.Apply(created, scaler, "autoscaler", force: true, DeploymentLists, T2);

        Assert.Empty(result.Conflicts);
        Assert.Equal(5, (long)result.Object["spec"]!["replicas"]!);
        var kubectl = result.Object["metadata"]!["managedFields"]![0]!;
        Assert.Equal("kubectl", (string?)kubectl["manager"]);
        Assert.Null(kubectl["fieldsV1"]!["f:spec"]!["f:replicas"]);

        // The previous owner no longer owns replicas: dropping it from its manifest leaves the autoscaler's value.
        var reapplied = ServerSideApply.Apply(result.Object, Without(Manifest(), "spec", "replicas"), "kubectl", force: false, DeploymentLists, T2);
        Assert.Empty(reapplied.Conflicts);
        Assert.Equal(5, (long)reapplied.Object["spec"]!["replicas"]!);
    }

    [Fact]
    public void Update_writers_take_the_fields_they_change_and_appliers_then_conflict_with_them()
    {
        // kubectl create (or client-side apply) records an Update entry for everything it wrote.
        var created = ServerSideApply.RecordUpdate(null, Manifest(replicas: 1), "kubectl-client-side-apply", DeploymentLists, T1);
        var entry = Assert.Single(created["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal("Update", (string?)entry["operation"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:replicas"]);

        var result = ServerSideApply.Apply(created, Manifest(replicas: 3), "kubectl", force: false, DeploymentLists, T2);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(".spec.replicas", conflict.Field);
        Assert.Equal(
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1 at 2026-11-21T17:00:00Z: .spec.replicas",
            result.ConflictMessage);
    }

    [Fact]
    public void An_update_moves_ownership_of_what_it_changed_away_from_the_applier()
    {
        var applied = ServerSideApply.Apply(null, Manifest(replicas: 2), "kubectl", force: false, DeploymentLists, T1).Object;
        var scaled = (JsonObject)applied.DeepClone();
        scaled["spec"]!["replicas"] = 7;

        var updated = ServerSideApply.RecordUpdate(applied, scaled, "hpa-controller", DeploymentLists, T2);

        var entries = updated["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(["kubectl", "hpa-controller"], Managers(updated));
        Assert.Null(entries[0]!["fieldsV1"]!["f:spec"]!["f:replicas"]);
        JsonText.Equal("""{"f:spec":{"f:replicas":{}}}""", entries[1]!["fieldsV1"]);
        Assert.Equal("Update", (string?)entries[1]!["operation"]);

        // kubectl re-applying its old value now conflicts with the controller.
        var conflict = Assert.Single(ServerSideApply.Apply(updated, Manifest(replicas: 2), "kubectl", force: false, DeploymentLists, T2).Conflicts);
        Assert.Equal("hpa-controller", conflict.Manager);
    }

    [Fact]
    public void Managed_fields_rewritten_by_the_client_are_kept_so_kubectl_can_migrate_to_server_side_apply()
    {
        var created = ServerSideApply.RecordUpdate(null, Manifest(), "kubectl-client-side-apply", DeploymentLists, T1);
        // kubectl apply --server-side first hands the client-side apply fields over to its "kubectl" Apply entry.
        var migrated = (JsonObject)created.DeepClone();
        var entry = migrated["metadata"]!["managedFields"]![0]!.AsObject();
        entry["manager"] = "kubectl";
        entry["operation"] = "Apply";

        var upgraded = ServerSideApply.RecordUpdate(created, migrated, "kubectl", DeploymentLists, T2);

        Assert.Equal(["kubectl"], Managers(upgraded));
        Assert.Equal("Apply", (string?)upgraded["metadata"]!["managedFields"]![0]!["operation"]);

        // Now the server-side apply owns the fields: a changed manifest applies and an omitted label is removed.
        var result = ServerSideApply.Apply(upgraded, Manifest(replicas: 3, withTier: false), "kubectl", force: false, DeploymentLists, T2);
        Assert.Empty(result.Conflicts);
        Assert.Equal(3, (long)result.Object["spec"]!["replicas"]!);
        JsonText.Equal("""{"app":"web"}""", result.Object["metadata"]!["labels"]);
    }

    [Fact]
    public void Writing_an_empty_managed_fields_entry_clears_ownership()
    {
        var created = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;
        var reset = (JsonObject)created.DeepClone();
        reset["metadata"]!["managedFields"] = new JsonArray(new JsonObject());

        var result = ServerSideApply.RecordUpdate(created, reset, "kubectl-edit", DeploymentLists, T2);

        Assert.Null(result["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Status_writes_are_recorded_under_their_subresource()
    {
        var created = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;
        var withStatus = (JsonObject)created.DeepClone();
        withStatus["status"] = new JsonObject { ["readyReplicas"] = 2 };

        var result = ServerSideApply.RecordUpdate(created, withStatus, "deployment-controller", DeploymentLists, T2, subresource: "status");

        var entry = result["metadata"]!["managedFields"]![1]!;
        Assert.Equal("deployment-controller", (string?)entry["manager"]);
        Assert.Equal("status", (string?)entry["subresource"]);
        JsonText.Equal("""{"f:status":{"f:readyReplicas":{}}}""", entry["fieldsV1"]);
    }

    [Fact]
    public void Reapplying_the_same_manifest_changes_nothing()
    {
        var created = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;

        var result = ServerSideApply.Apply(created, Manifest(), "kubectl", force: false, DeploymentLists, T2);

        JsonText.Equal(created, result.Object);
    }

    [Fact]
    public void Conflicts_with_several_fields_are_listed_per_manager()
    {
        var created = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;

        var result = ServerSideApply.Apply(created, Manifest(replicas: 4, image: "nginx:1.26"), "other", force: false, DeploymentLists, T2);

        Assert.Equal(2, result.Conflicts.Count);
        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"kubectl\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"app\"].image",
            result.ConflictMessage);
    }

    [Fact]
    public void Custom_resource_lists_follow_their_schema_list_types()
    {
        var schema = JsonText.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "outputs":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","protocol"],
                "items":{"type":"object","properties":{"name":{"type":"string"},"protocol":{"type":"string"},"bitrate":{"type":"integer"}}}},
              "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
              "regions":{"type":"array","items":{"type":"string"}},
              "settings":{"type":"object","x-kubernetes-map-type":"atomic","additionalProperties":{"type":"string"}}}}}}
            """)!;
        var types = ListTypes.FromSchema(schema);
        var first = JsonText.Parse("""
            {"apiVersion":"airwave.io/v1","kind":"LiveStream","metadata":{"name":"s"},
             "spec":{"outputs":[{"name":"hd","protocol":"HLS","bitrate":5000}],"tags":["a"],"regions":["eu"],"settings":{"x":"1"}}}
            """)!.AsObject();
        var second = JsonText.Parse("""
            {"apiVersion":"airwave.io/v1","kind":"LiveStream","metadata":{"name":"s"},
             "spec":{"outputs":[{"name":"sd","protocol":"HLS","bitrate":1000}],"tags":["b"]}}
            """)!.AsObject();

        var created = ServerSideApply.Apply(null, first, "alice", force: false, types, T1).Object;
        var result = ServerSideApply.Apply(created, second, "bob", force: false, types, T2);

        Assert.Empty(result.Conflicts);
        JsonText.Equal("""
            {"outputs":[{"name":"hd","protocol":"HLS","bitrate":5000},{"name":"sd","protocol":"HLS","bitrate":1000}],
             "tags":["a","b"],"regions":["eu"],"settings":{"x":"1"}}
            """, result.Object["spec"]);
        var alice = result.Object["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!;
        JsonText.Equal("""
            {"f:outputs":{"k:{\"name\":\"hd\",\"protocol\":\"HLS\"}":{".":{},"f:bitrate":{},"f:name":{},"f:protocol":{}}},
             "f:regions":{},"f:settings":{},"f:tags":{"v:\"a\"":{}}}
            """, alice);

        var conflict = Assert.Single(ServerSideApply.Apply(result.Object, JsonText.Parse("""
            {"apiVersion":"airwave.io/v1","kind":"LiveStream","metadata":{"name":"s"},"spec":{"outputs":[{"name":"hd","protocol":"HLS","bitrate":1}]}}
            """)!.AsObject(), "bob", force: false, types, T2).Conflicts);
        Assert.Equal(".spec.outputs[name=\"hd\",protocol=\"HLS\"].bitrate", conflict.Field);
    }

    [Fact]
    public void Owner_references_and_finalizers_merge_per_item_for_every_kind()
    {
        var types = ListTypes.FromSchema(JsonText.Parse("""{"type":"object"}""")!);
        var first = JsonText.Parse("""{"metadata":{"name":"x","finalizers":["a"],"ownerReferences":[{"uid":"1","name":"o1"}]}}""")!.AsObject();
        var second = JsonText.Parse("""{"metadata":{"name":"x","finalizers":["b"],"ownerReferences":[{"uid":"2","name":"o2"}]}}""")!.AsObject();

        var created = ServerSideApply.Apply(null, first, "one", force: false, types, T1).Object;
        var result = ServerSideApply.Apply(created, second, "two", force: false, types, T1).Object;

        JsonText.Equal("""["a","b"]""", result["metadata"]!["finalizers"]);
        JsonText.Equal("""[{"uid":"1","name":"o1"},{"uid":"2","name":"o2"}]""", result["metadata"]!["ownerReferences"]);
        JsonText.Equal(
            """{"f:metadata":{"f:finalizers":{"v:\"b\"":{}},"f:ownerReferences":{"k:{\"uid\":\"2\"}":{}}}}""",
            result["metadata"]!["managedFields"]![1]!["fieldsV1"]);
    }

    [Fact]
    public void Label_selectors_are_owned_and_replaced_whole()
    {
        var withSelector = Manifest();
        withSelector["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web", ["tier"] = "frontend" } };
        var created = ServerSideApply.Apply(null, withSelector, "kubectl", force: false, DeploymentLists, T1).Object;
        var narrower = Manifest();
        narrower["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } };

        var result = ServerSideApply.Apply(created, narrower, "kubectl", force: false, DeploymentLists, T2).Object;

        JsonText.Equal("""{"matchLabels":{"app":"web"}}""", result["spec"]!["selector"]);
        JsonText.Equal("{}", result["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!["f:selector"]);
    }

    [Fact]
    public void Applied_configurations_may_not_carry_managed_fields()
    {
        var manifest = Manifest();
        manifest["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "x" });

        var e = Assert.Throws<PatchException>(() => ServerSideApply.Apply(null, manifest, "kubectl", force: false, DeploymentLists, T1));

        Assert.Equal("metadata.managedFields must be nil", e.Message);
    }

    [Fact]
    public void Inputs_are_left_untouched()
    {
        var live = ServerSideApply.Apply(null, Manifest(), "kubectl", force: false, DeploymentLists, T1).Object;
        var liveBefore = live.DeepClone();
        var manifest = Manifest(replicas: 9, withTier: false);
        var manifestBefore = manifest.DeepClone();

        ServerSideApply.Apply(live, manifest, "kubectl", force: true, DeploymentLists, T2);
        ServerSideApply.RecordUpdate(live, manifest, "editor", DeploymentLists, T2);

        JsonText.Equal(liveBefore, live);
        JsonText.Equal(manifestBefore, manifest);
    }

    private static string[] Managers(JsonObject obj) =>
        [.. obj["metadata"]!["managedFields"]!.AsArray().Select(entry => (string)entry!["manager"]!)];

    private static JsonObject Without(JsonObject obj, string parent, string field)
    {
        obj[parent]!.AsObject().Remove(field);
        return obj;
    }
}
