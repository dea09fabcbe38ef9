using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.Tests.ApiMachinery;

public sealed class StrategicMergePatchTests
{
    private static readonly PatchStrategy Deployment = PatchStrategy.For("apps", "Deployment");

    private static JsonObject LiveDeployment() => JsonText.Yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
          labels: {app: web, tier: frontend}
          finalizers: [example.com/a, example.com/b]
          ownerReferences:
          - {apiVersion: v1, kind: ConfigMap, name: owner, uid: u-1}
        spec:
          replicas: 2
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.25
                ports:
                - {containerPort: 80, name: http}
                env:
                - {name: A, value: "1"}
                - {name: B, value: "2"}
                - {name: C, value: "3"}
              - name: injected-sidecar
                image: envoy:1
              volumes:
              - name: config
                configMap: {name: web-config}
              tolerations:
              - {key: a, operator: Exists}
        """);

    [Fact]
    public void A_kubectl_apply_patch_updates_an_image_and_deletes_an_env_var_keeping_server_added_containers()
    {
        // What kubectl 1.32's client-side apply sends after image: nginx:1.26 and env B removed from the manifest.
        var patch = JsonText.Parse("""
            {"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"app"}],
              "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"C"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:1.26","name":"app"}]}}}}
            """);

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        var containers = result!["spec"]!["template"]!["spec"]!["containers"]!;
        JsonText.Equal("""
            [{"name":"app","image":"nginx:1.26","ports":[{"containerPort":80,"name":"http"}],"env":[{"name":"A","value":"1"},{"name":"C","value":"3"}]},
             {"name":"injected-sidecar","image":"envoy:1"}]
            """, containers);
        Assert.Equal("""["app","injected-sidecar"]""", Names(containers));
    }

    [Fact]
    public void A_new_container_goes_where_setElementOrder_puts_it_and_server_only_items_stay()
    {
        var patch = JsonText.Parse("""
            {"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"app"},{"name":"metrics"}],
              "containers":[{"name":"metrics","image":"exporter:2"}]}}}}
            """);

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        Assert.Equal("""["app","metrics","injected-sidecar"]""", Names(result!["spec"]!["template"]!["spec"]!["containers"]));
        Assert.Equal("exporter:2", (string?)result["spec"]!["template"]!["spec"]!["containers"]![1]!["image"]);
    }

    [Fact]
    public void SetElementOrder_alone_reorders_the_live_list()
    {
        var patch = JsonText.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"C"},{"name":"A"},{"name":"B"}]}]}}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        Assert.Equal("""["C","A","B"]""", Names(result!["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]));
    }

    [Fact]
    public void Patch_items_keep_the_patch_order_and_live_only_items_keep_their_place()
    {
        // The example of the "preserve order in strategic merge patch" design: C is live-only and comes first.
        var live = JsonText.Parse("""{"spec":{"containers":[{"name":"B"},{"name":"C"},{"name":"A"}]}}""");
        var patch = JsonText.Parse("""{"spec":{"containers":[{"name":"A","image":"a2"},{"name":"B","image":"b2"},{"name":"D"}]}}""");

        var result = StrategicMergePatch.Apply(live, patch, PatchStrategy.For("", "Pod"));

        Assert.Equal("""["C","A","B","D"]""", Names(result!["spec"]!["containers"]));
    }

    [Fact]
    public void RetainKeys_clears_the_fields_of_the_previous_deployment_strategy()
    {
        var patch = JsonText.Parse("""{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""{"type":"Recreate"}""", result!["spec"]!["strategy"]);
    }

    [Fact]
    public void RetainKeys_switches_a_volume_source()
    {
        var patch = JsonText.Parse("""
            {"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"config"}],
              "volumes":[{"$retainKeys":["name","secret"],"name":"config","secret":{"secretName":"web-secret"}}]}}}}
            """);

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""[{"name":"config","secret":{"secretName":"web-secret"}}]""", result!["spec"]!["template"]!["spec"]!["volumes"]);
    }

    [Fact]
    public void A_patch_setting_a_field_outside_retainKeys_is_rejected()
    {
        var patch = JsonText.Parse("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":{"maxSurge":2}}}}""");

        var e = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment));

        Assert.Equal("spec.strategy: the patch sets \"rollingUpdate\", which $retainKeys does not list", e.Message);
    }

    [Fact]
    public void Replace_directive_on_a_map_replaces_it_whole()
    {
        var patch = JsonText.Parse("""{"metadata":{"labels":{"$patch":"replace","app":"web2"}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""{"app":"web2"}""", result!["metadata"]!["labels"]);
    }

    [Fact]
    public void Delete_directive_on_a_map_empties_it()
    {
        var patch = JsonText.Parse("""{"spec":{"strategy":{"$patch":"delete"}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("{}", result!["spec"]!["strategy"]);
    }

    [Fact]
    public void Replace_directive_in_a_merged_list_replaces_the_list()
    {
        var patch = JsonText.Parse("""{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"busybox"}]}}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""[{"name":"only","image":"busybox"}]""", result!["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Container_ports_merge_by_containerPort_and_env_by_name()
    {
        var patch = JsonText.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"app",
              "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":9090,"name":"metrics"}],
              "env":[{"name":"B","value":"two"}]}]}}}}
            """);

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        var app = result!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        JsonText.Equal("""[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":9090,"name":"metrics"}]""", app["ports"]);
        JsonText.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"two"},{"name":"C","value":"3"}]""", app["env"]);
    }

    [Fact]
    public void Lists_without_a_merge_strategy_are_replaced()
    {
        var patch = JsonText.Parse("""{"spec":{"template":{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""[{"key":"b","operator":"Exists"}]""", result!["spec"]!["template"]!["spec"]!["tolerations"]);
    }

    [Fact]
    public void Finalizers_merge_as_a_set_and_deleteFromPrimitiveList_removes_values()
    {
        var patch = JsonText.Parse("""{"metadata":{"finalizers":["example.com/b","example.com/c"],"$deleteFromPrimitiveList/finalizers":["example.com/a"]}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""["example.com/b","example.com/c"]""", result!["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Owner_references_merge_by_uid()
    {
        var patch = JsonText.Parse("""{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"u-1","controller":true},{"apiVersion":"v1","kind":"Secret","name":"other","uid":"u-2"}]}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal(
            """[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"u-1","controller":true},{"apiVersion":"v1","kind":"Secret","name":"other","uid":"u-2"}]""",
            result!["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public void Null_removes_a_field_and_new_maps_lose_their_directives()
    {
        var patch = JsonText.Parse("""{"metadata":{"labels":{"tier":null}},"spec":{"replicas":null,"paused":true,"template":{"spec":{"securityContext":{"runAsUser":1000,"fsGroup":null}}}}}""");

        var result = StrategicMergePatch.Apply(LiveDeployment(), patch, Deployment);

        JsonText.Equal("""{"app":"web"}""", result!["metadata"]!["labels"]);
        Assert.False(result["spec"]!.AsObject().ContainsKey("replicas"));
        Assert.True((bool)result["spec"]!["paused"]!);
        JsonText.Equal("""{"runAsUser":1000}""", result["spec"]!["template"]!["spec"]!["securityContext"]);
    }

    [Fact]
    public void Service_ports_merge_by_port()
    {
        var live = JsonText.Parse("""{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}}""");
        var patch = JsonText.Parse("""{"spec":{"ports":[{"port":443,"targetPort":9443}]}}""");

        var result = StrategicMergePatch.Apply(live, patch, PatchStrategy.For("", "Service"));

        JsonText.Equal("""[{"port":80,"targetPort":8080},{"port":443,"targetPort":9443}]""", result!["spec"]!["ports"]);
    }

    [Fact]
    public void Webhooks_merge_by_name()
    {
        var live = JsonText.Parse("""{"webhooks":[{"name":"a.example.com","failurePolicy":"Fail"},{"name":"b.example.com"}]}""");
        var patch = JsonText.Parse("""{"webhooks":[{"name":"a.example.com","failurePolicy":"Ignore"}]}""");

        var result = StrategicMergePatch.Apply(live, patch, PatchStrategy.For("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"));

        JsonText.Equal("""[{"name":"a.example.com","failurePolicy":"Ignore"},{"name":"b.example.com"}]""", result!["webhooks"]);
    }

    [Fact]
    public void Unknown_kinds_replace_lists_like_a_merge_patch()
    {
        var live = JsonText.Parse("""{"spec":{"outputs":[{"name":"a"},{"name":"b"}]}}""");
        var patch = JsonText.Parse("""{"spec":{"outputs":[{"name":"c"}]}}""");

        var result = StrategicMergePatch.Apply(live, patch, PatchStrategy.For("airwave.io", "LiveStream"));

        JsonText.Equal("""{"spec":{"outputs":[{"name":"c"}]}}""", result);
    }

    [Fact]
    public void Inputs_are_left_untouched()
    {
        var live = LiveDeployment();
        var before = live.DeepClone();
        var patch = JsonText.Parse("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"name":"app","$patch":"delete"}]}}}}""");
        var patchBefore = patch!.DeepClone();

        StrategicMergePatch.Apply(live, patch, Deployment);

        JsonText.Equal(before, live);
        JsonText.Equal(patchBefore, patch);
    }

    [Theory]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""", "spec.template.spec.containers: list item {\"image\":\"x\"} has no merge key \"name\"")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"app","$patch":"explode"}]}}}}""", "unknown $patch directive \"explode\"")]
    [InlineData("""{"metadata":{"$patch":"sideways"}}""", "metadata: unknown $patch directive \"sideways\"")]
    [InlineData("""{"spec":{"$unknown":1}}""", "spec: unknown patch directive \"$unknown\"")]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}""", "must be a list")]
    [InlineData("""[1]""", "a strategic merge patch must be a JSON object")]
    public void Malformed_patches_are_rejected_with_the_offending_path(string patch, string message)
    {
        var e = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(LiveDeployment(), JsonText.Parse(patch), Deployment));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    private static string Names(JsonNode? list) =>
        new JsonArray([.. list!.AsArray().Select(item => (JsonNode?)JsonValue.Create((string?)item!["name"]))]).ToJsonString();
}
