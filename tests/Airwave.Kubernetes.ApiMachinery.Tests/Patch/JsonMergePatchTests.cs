using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Patch;

namespace Airwave.Kubernetes.ApiMachinery.Tests.Patch;

public sealed class JsonMergePatchTests
{
    // RFC 7386, appendix A.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_follows_the_RFC_7386_examples(string original, string patch, string expected)
    {
        JsonText.Equal(expected, JsonMergePatch.Apply(JsonText.Parse(original), JsonText.Parse(patch)));
    }

    [Fact]
    public void Apply_leaves_both_inputs_untouched()
    {
        var target = JsonText.Parse("""{"a":{"b":"c"},"d":[1]}""");
        var patch = JsonText.Parse("""{"a":{"b":null,"x":{"y":1}},"d":[2]}""");

        var result = JsonMergePatch.Apply(target, patch);
        result!["a"]!["x"]!["y"] = 2;

        JsonText.Equal("""{"a":{"b":"c"},"d":[1]}""", target);
        JsonText.Equal("""{"a":{"b":null,"x":{"y":1}},"d":[2]}""", patch);
    }

    [Fact]
    public void Create_contains_only_what_changed()
    {
        var original = JsonText.Parse("""{"metadata":{"name":"x","labels":{"a":"1","b":"2"}},"spec":{"replicas":1,"image":"nginx"}}""");
        var modified = JsonText.Parse("""{"metadata":{"name":"x","labels":{"a":"1","c":"3"}},"spec":{"replicas":3,"image":"nginx"}}""");

        var patch = JsonMergePatch.Create(original, modified);

        JsonText.Equal("""{"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"replicas":3}}""", patch);
        JsonText.Equal(modified, JsonMergePatch.Apply(original, patch));
    }

    [Fact]
    public void Create_of_identical_documents_is_an_empty_patch()
    {
        JsonText.Equal("{}", JsonMergePatch.Create(JsonText.Parse("""{"a":[1,{"b":2}],"n":1.0}"""), JsonText.Parse("""{"n":1,"a":[1,{"b":2}]}""")));
    }

    [Fact]
    public void Create_replaces_changed_arrays_whole()
    {
        var patch = JsonMergePatch.Create(JsonText.Parse("""{"a":[1,2,3]}"""), JsonText.Parse("""{"a":[1,2]}"""));

        JsonText.Equal("""{"a":[1,2]}""", patch);
    }

    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"b":"c"}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":"flat"}""")]
    [InlineData("""{"a":"flat"}""", """{"a":{"b":"c"}}""")]
    [InlineData("""["a","b"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""")]
    public void Applying_a_created_patch_reproduces_the_modified_document(string original, string modified)
    {
        var originalNode = JsonText.Parse(original);
        var modifiedNode = JsonText.Parse(modified);

        JsonText.Equal(modifiedNode, JsonMergePatch.Apply(originalNode, JsonMergePatch.Create(originalNode, modifiedNode)));
    }

    [Fact]
    public void Created_patches_round_trip_for_generated_documents()
    {
        // FsCheck is not on the package mirror: a fixed seed and a fixed count of generated pairs instead.
        var random = new Random(7386);
        for (var i = 0; i < 300; i++)
        {
            var original = RandomObject(random, depth: 3);
            var modified = Mutate(random, original, depth: 3);

            var patch = JsonMergePatch.Create(original, modified);

            JsonText.Equal(modified, JsonMergePatch.Apply(original, patch));
            JsonText.Equal("{}", JsonMergePatch.Create(modified, JsonMergePatch.Apply(original, patch)));
        }
    }

    private static JsonObject RandomObject(Random random, int depth)
    {
        var obj = new JsonObject();
        for (var i = random.Next(4); i > 0; i--)
        {
            obj[$"k{random.Next(5)}"] = RandomValue(random, depth - 1);
        }

        return obj;
    }

    private static JsonNode RandomValue(Random random, int depth) => random.Next(depth > 0 ? 5 : 3) switch
    {
        0 => JsonValue.Create(random.Next(3)),
        1 => JsonValue.Create($"s{random.Next(3)}"),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray(RandomValue(random, depth - 1), RandomValue(random, depth - 1)),
        _ => RandomObject(random, depth),
    };

    private static JsonObject Mutate(Random random, JsonObject original, int depth)
    {
        var result = (JsonObject)original.DeepClone();
        foreach (var name in result.Select(member => member.Key).ToList())
        {
            switch (random.Next(4))
            {
                case 0:
                    result.Remove(name);
                    break;
                case 1:
                    result[name] = RandomValue(random, depth - 1);
                    break;
                case 2 when result[name] is JsonObject child:
                    result[name] = Mutate(random, child, depth - 1);
                    break;
            }
        }

        if (random.Next(2) == 0)
        {
            result[$"n{random.Next(3)}"] = RandomValue(random, depth - 1);
        }

        return result;
    }
}
