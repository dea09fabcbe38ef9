using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Schema;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Api.Tests;

public class SchemaValidationTests
{
    private static JsonNode RtmpExample() => YamlReader.Read(File.ReadAllText(Repository.Path("examples", "livestream-rtmp.yaml")))!;

    private static IReadOnlyList<FieldError> Validate(JsonNode manifest) => CommittedCrds.SchemaFor(manifest).Validate(manifest);

    [Fact]
    public void A_wrong_type_is_rejected_with_the_field_named()
    {
        var manifest = RtmpExample();
        manifest["spec"]!["live"] = "yes please";

        var error = Assert.Single(Validate(manifest));
        Assert.Equal(FieldErrorType.TypeInvalid, error.Type);
        Assert.Equal("spec.live: Invalid value: \"string\": spec.live in body must be of type boolean: \"string\"", error.Message);
    }

    [Fact]
    public void A_missing_required_field_is_rejected()
    {
        var manifest = RtmpExample();
        manifest["spec"]!.AsObject().Remove("source");

        var error = Assert.Single(Validate(manifest));
        Assert.Equal("FieldValueRequired", error.Reason);
        Assert.Equal("spec.source: Required value", error.Message);
    }

    [Fact]
    public void An_unknown_enum_value_is_rejected_with_the_supported_values()
    {
        var manifest = RtmpExample();
        manifest["spec"]!["state"] = "Paused";

        var error = Assert.Single(Validate(manifest));
        Assert.Equal("FieldValueNotSupported", error.Reason);
        Assert.Equal("spec.state: Unsupported value: \"Paused\": supported values: \"Stopped\", \"Running\"", error.Message);
    }

    [Fact]
    public void Ranges_patterns_and_item_counts_are_enforced()
    {
        var manifest = RtmpExample();
        manifest["spec"]!["archive"]!["segmentLengthSeconds"] = 0;
        manifest["spec"]!["source"]!["rtmpPush"]!["allowedCidrs"] = new JsonArray("not-a-cidr");
        manifest["spec"]!["description"] = new string('x', 1025);

        var messages = Validate(manifest).Select(e => e.Message).ToList();

        Assert.Contains("spec.archive.segmentLengthSeconds: Invalid value: 0: spec.archive.segmentLengthSeconds in body should be greater than or equal to 1", messages);
        Assert.Contains(messages, m => m.StartsWith("spec.source.rtmpPush.allowedCidrs[0]: Invalid value: \"not-a-cidr\": spec.source.rtmpPush.allowedCidrs[0] in body should match", StringComparison.Ordinal));
        Assert.Contains("spec.description: Too long: may not be more than 1024 bytes", messages);
        Assert.Equal(3, messages.Count);
    }

    [Fact]
    public void Duplicate_keys_of_a_map_list_are_rejected()
    {
        var manifest = RtmpExample();
        var condition = new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "Provisioned", ["message"] = "", ["lastTransitionTime"] = "2026-11-21T10:00:00Z" };
        manifest["status"] = new JsonObject { ["conditions"] = new JsonArray(condition, condition.DeepClone()) };

        var error = Assert.Single(Validate(manifest));
        Assert.Equal(FieldErrorType.Duplicate, error.Type);
        Assert.Equal("status.conditions[1]", error.Field);
    }

    [Fact]
    public void Defaulting_fills_nested_objects_the_user_left_out()
    {
        var manifest = YamlReader.Read("""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: {name: minimal}
            spec:
              source: {}
            """)!;

        CommittedCrds.SchemaFor(manifest).ApplyDefaults(manifest);

        Assert.Equal("Stopped", manifest["spec"]!["state"]!.GetValue<string>());
        Assert.Equal("RtmpPush", manifest["spec"]!["source"]!["type"]!.GetValue<string>());
        Assert.Equal(300, manifest["spec"]!["archive"]!["segmentLengthSeconds"]!.GetValue<long>());
        Assert.Equal(60, manifest["spec"]!["playback"]!["encryption"]!["keyRotationIntervalSeconds"]!.GetValue<long>());
        Assert.Null(manifest["spec"]!["source"]!["rtmpPush"]);
        Assert.Empty(CommittedCrds.SchemaFor(manifest).Validate(manifest));
    }

    [Fact]
    public void Pruning_drops_undeclared_fields_and_reports_them()
    {
        var manifest = RtmpExample();
        manifest["spec"]!["colour"] = "blue";
        manifest["spec"]!["archive"]!["compress"] = true;

        var pruned = CommittedCrds.SchemaFor(manifest).Prune(manifest);

        Assert.Equal(["spec.archive.compress", "spec.colour"], pruned.Order(StringComparer.Ordinal));
        Assert.Null(manifest["spec"]!["colour"]);
        Assert.NotNull(manifest["metadata"]!["name"]);
    }

    [Fact]
    public void Preserve_unknown_fields_and_int_or_string_are_honoured()
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
              "port":{"x-kubernetes-int-or-string":true}}}}}
            """)!);
        var value = JsonNode.Parse("""{"spec":{"extra":{"anything":[1,2]},"port":"http"}}""")!;

        Assert.Empty(schema.Prune(value));
        Assert.Empty(schema.Validate(value));

        value["spec"]!["port"] = true;
        Assert.Equal("spec.port in body must be of type integer or string: \"boolean\"", Assert.Single(schema.Validate(value)).Detail);
    }
}
