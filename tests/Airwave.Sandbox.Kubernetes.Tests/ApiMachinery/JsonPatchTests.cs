using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Sandbox.Kubernetes.Tests.ApiMachinery;

public sealed class JsonPatchTests
{
    // RFC 6902, appendix A: the examples that succeed.
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData(
        """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""",
        """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
        """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData(
        """{"baz":"qux","foo":["a",2,"c"]}""",
        """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
        """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    public void Apply_follows_the_RFC_6902_examples(string document, string operations, string expected)
    {
        JsonText.Equal(expected, JsonPatch.Apply(JsonText.Parse(document), Operations(operations)));
    }

    [Fact]
    public void A_failing_test_operation_rejects_the_patch()
    {
        var e = Assert.Throws<PatchException>(() =>
            JsonPatch.Apply(JsonText.Parse("""{"baz":"qux"}"""), Operations("""[{"op":"test","path":"/baz","value":"bar"}]""")));

        Assert.Equal("""json patch operation 0 (test): test failed: the value at "/baz" is not "bar" """.TrimEnd(), e.Message);
    }

    [Fact]
    public void A_string_never_tests_equal_to_a_number()
    {
        var e = Assert.Throws<PatchException>(() =>
            JsonPatch.Apply(JsonText.Parse("""{"/":9,"~1":10}"""), Operations("""[{"op":"test","path":"/~01","value":"10"}]""")));

        Assert.Contains("""the value at "/~01" is not "10" """.TrimEnd(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_under_a_missing_parent_names_the_missing_path()
    {
        var e = Assert.Throws<PatchException>(() =>
            JsonPatch.Apply(JsonText.Parse("""{"foo":"bar"}"""), Operations("""[{"op":"add","path":"/baz/bat","value":"qux"}]""")));

        Assert.Equal("""json patch operation 0 (add): path "/baz/bat" does not exist: nothing at "/baz" """.TrimEnd(), e.Message);
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/missing"}]""", """path "/missing" does not exist""")]
    [InlineData("""[{"op":"replace","path":"/missing","value":1}]""", """path "/missing" does not exist""")]
    [InlineData("""[{"op":"add","path":"/list/5","value":1}]""", "array index 5 is out of bounds")]
    [InlineData("""[{"op":"add","path":"/list/01","value":1}]""", "\"01\" is not a valid array index")]
    [InlineData("""[{"op":"move","from":"/obj","path":"/obj/inner"}]""", "into its own child")]
    [InlineData("""[{"op":"add","path":"/x"}]""", "\"value\" is missing")]
    [InlineData("""[{"op":"add","value":1}]""", "\"path\" is missing or not a string")]
    [InlineData("""[{"op":"frobnicate","path":"/x"}]""", "unknown operation \"frobnicate\"")]
    [InlineData("""[{"op":"add","path":"x","value":1}]""", "must be empty or start with \"/\"")]
    [InlineData("""[{"op":"add","path":"/a~2b","value":1}]""", "\"~\" must be followed by 0 or 1")]
    public void Invalid_operations_are_rejected_with_a_reason(string operations, string reason)
    {
        var e = Assert.Throws<PatchException>(() =>
            JsonPatch.Apply(JsonText.Parse("""{"list":[1,2],"obj":{"inner":{}}}"""), Operations(operations)));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_operation_discards_the_earlier_ones()
    {
        var document = JsonText.Parse("""{"a":1}""");

        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, Operations("""[{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":3}]""")));

        JsonText.Equal("""{"a":1}""", document);
    }

    // RFC 6901, section 5: every pointer of the example document resolves to its value.
    [Theory]
    [InlineData("", """{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}""")]
    [InlineData("/foo", """["bar","baz"]""")]
    [InlineData("/foo/0", "\"bar\"")]
    [InlineData("/", "0")]
    [InlineData("/a~1b", "1")]
    [InlineData("/c%d", "2")]
    [InlineData("/e^f", "3")]
    [InlineData("/g|h", "4")]
    [InlineData("/i\\j", "5")]
    [InlineData("/k\"l", "6")]
    [InlineData("/ ", "7")]
    [InlineData("/m~0n", "8")]
    public void Pointers_resolve_as_in_RFC_6901(string path, string value)
    {
        var document = JsonText.Parse("""{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}""");
        var test = new JsonArray(new JsonObject { ["op"] = "test", ["path"] = path, ["value"] = JsonText.Parse(value) });

        JsonText.Equal(document, JsonPatch.Apply(document, test));
    }

    [Fact]
    public void Patches_apply_to_a_Kubernetes_object_as_kubectl_sends_them()
    {
        var deployment = JsonText.Parse("""{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"app","image":"nginx:1"}]}}}}""");
        var operations = Operations("""
            [
              {"op":"test","path":"/spec/replicas","value":1},
              {"op":"replace","path":"/spec/replicas","value":3},
              {"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"sidecar","image":"envoy"}},
              {"op":"copy","from":"/spec/template/spec/containers/0/image","path":"/metadata"},
              {"op":"remove","path":"/metadata"}
            ]
            """);

        var result = JsonPatch.Apply(deployment, operations);

        JsonText.Equal(
            """{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app","image":"nginx:1"},{"name":"sidecar","image":"envoy"}]}}}}""",
            result);
        JsonText.Equal("""{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"app","image":"nginx:1"}]}}}}""", deployment);
    }

    private static JsonArray Operations(string json) => (JsonArray)JsonText.Parse(json)!;
}
