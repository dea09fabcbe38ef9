using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.CrdGeneration;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.Tests;

public class CrdGeneratorTests
{
    private static readonly JsonObject LiveStreamCrd = CrdGenerator.Generate(typeof(LiveStream));
    private static readonly JsonNode Spec = LiveStreamCrd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;

    [Fact]
    public void Names_scope_and_status_subresource_come_from_the_entity()
    {
        var spec = LiveStreamCrd["spec"]!;
        Assert.Equal("livestreams.media.airwave.dev", LiveStreamCrd["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("Namespaced", spec["scope"]!.GetValue<string>());
        Assert.Equal("LiveStreamList", spec["names"]!["listKind"]!.GetValue<string>());
        Assert.Equal(["ls"], spec["names"]!["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["airwave"], spec["names"]!["categories"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.NotNull(spec["versions"]![0]!["subresources"]!["status"]);
    }

    [Fact]
    public void Printer_columns_show_phase_and_ingest()
    {
        var columns = LiveStreamCrd["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray();
        Assert.Contains(columns, c => c!["name"]!.GetValue<string>() == "Phase" && c["jsonPath"]!.GetValue<string>() == ".status.phase");
        Assert.Contains(columns, c => c!["name"]!.GetValue<string>() == "Ingest" && c["priority"]!.GetValue<int>() == 1);
    }

    [Fact]
    public void Required_members_enums_defaults_and_ranges_are_in_the_schema()
    {
        Assert.Equal(["source"], Spec["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        var state = Spec["properties"]!["state"]!;
        Assert.Equal(["Stopped", "Running"], state["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("Stopped", state["default"]!.GetValue<string>());

        var segment = Spec["properties"]!["archive"]!["properties"]!["segmentLengthSeconds"]!;
        Assert.Equal(300, segment["default"]!.GetValue<long>());
        Assert.Equal(1, segment["minimum"]!.GetValue<long>());

        Assert.Equal("720p", Spec["properties"]!["encoding"]!["properties"]!["ladder"]!["default"]!.GetValue<string>());
    }

    [Fact]
    public void Non_nullable_nested_objects_default_to_empty_so_their_defaults_apply()
    {
        Assert.Equal("{}", Spec["properties"]!["archive"]!["default"]!.ToJsonString());
        Assert.Null(Spec["properties"]!["source"]!["default"]);
        Assert.Null(Spec["properties"]!["source"]!["properties"]!["chime"]!["default"]);
    }

    [Fact]
    public void A_new_required_member_changes_the_generated_crd()
    {
        var before = CrdGenerator.ToYaml(typeof(Widget));
        var after = CrdGenerator.ToYaml(typeof(WidgetWithRequiredColor));

        Assert.DoesNotContain("- color", before, StringComparison.Ordinal);
        Assert.Contains("- color", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_constraints_apply_to_the_list_and_its_items_and_an_omitted_list_is_left_to_the_operator()
    {
        var cidrs = Spec["properties"]!["source"]!["properties"]!["rtmpPush"]!["properties"]!["allowedCidrs"]!;
        Assert.Equal("1", cidrs["minItems"]!.ToJsonString());
        Assert.NotNull(cidrs["items"]!["pattern"]);
        Assert.Null(cidrs["default"]);
    }

    [Fact]
    public void String_lengths_bound_a_string_or_each_string_of_a_list()
    {
        var tags = CrdGenerator.Generate(typeof(TaggedWidget))["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;

        Assert.Equal("1", tags["name"]!["minLength"]!.ToJsonString());
        Assert.Equal("20", tags["name"]!["maxLength"]!.ToJsonString());
        Assert.Null(tags["tags"]!["maxLength"]);
        Assert.Equal("8", tags["tags"]!["maxItems"]!.ToJsonString());
        Assert.Null(tags["tags"]!["items"]!["minLength"]);
        Assert.Equal("30", tags["tags"]!["items"]!["maxLength"]!.ToJsonString());
    }

    [Fact]
    public void A_list_bound_on_a_string_or_a_string_bound_on_a_list_of_objects_is_refused_with_the_member_named()
    {
        var onString = Assert.Throws<InvalidOperationException>(() => CrdGenerator.Generate(typeof(MisboundWidget)));
        Assert.Contains("MisboundString.Name: MinItems bounds lists", onString.Message, StringComparison.Ordinal);

        var onObjects = Assert.Throws<InvalidOperationException>(() => CrdGenerator.Generate(typeof(MisboundListWidget)));
        Assert.Contains("MisboundList.Sizes: StringLength bounds strings", onObjects.Message, StringComparison.Ordinal);
    }

    [KubernetesEntity("test.airwave.dev", "v1", "Widget", "widgets")]
    private sealed record Widget : CustomResource<WidgetSpec, WidgetStatus>;

    [KubernetesEntity("test.airwave.dev", "v1", "Widget", "widgets")]
    private sealed record WidgetWithRequiredColor : CustomResource<WidgetSpecWithColor, WidgetStatus>;

    private sealed record WidgetSpec
    {
        [Range(1, 10)]
        [DefaultValue(1)]
        public int Size { get; init; } = 1;
    }

    private sealed record WidgetSpecWithColor
    {
        [Range(1, 10)]
        [DefaultValue(1)]
        public int Size { get; init; } = 1;

        public required string Color { get; init; }
    }

    private sealed record WidgetStatus
    {
        public string? Phase { get; init; }
    }

    [KubernetesEntity("test.airwave.dev", "v1", "Widget", "widgets")]
    private sealed record TaggedWidget : CustomResource<TaggedSpec, WidgetStatus>;

    [KubernetesEntity("test.airwave.dev", "v1", "Widget", "widgets")]
    private sealed record MisboundWidget : CustomResource<MisboundString, WidgetStatus>;

    [KubernetesEntity("test.airwave.dev", "v1", "Widget", "widgets")]
    private sealed record MisboundListWidget : CustomResource<MisboundList, WidgetStatus>;

    private sealed record TaggedSpec
    {
        [StringLength(20, MinimumLength = 1)]
        public required string Name { get; init; }

        [MaxItems(8)]
        [StringLength(30)]
        public IReadOnlyList<string>? Tags { get; init; }
    }

    private sealed record MisboundString
    {
        [MinItems(1)]
        public string? Name { get; init; }
    }

    private sealed record MisboundList
    {
        [StringLength(5)]
        public IReadOnlyList<int>? Sizes { get; init; }
    }
}
