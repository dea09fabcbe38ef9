using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Api.Tests;

public class YamlTests
{
    [Fact]
    public void Plain_scalars_resolve_by_the_core_schema_and_quoted_ones_stay_strings()
    {
        var node = YamlReader.Read("""
            count: 42
            ratio: 0.5
            enabled: true
            nothing: null
            quotedNumber: "42"
            version: 1.32.0
            hex: 0x1F
            text: hello world
            """)!;

        Assert.Equal("""{"count":42,"ratio":0.5,"enabled":true,"nothing":null,"quotedNumber":"42","version":"1.32.0","hex":31,"text":"hello world"}""", node.ToJsonString());
    }

    [Fact]
    public void Writing_quotes_strings_that_would_read_back_as_other_types()
    {
        var original = JsonNode.Parse("""{"a":"true","b":"300","c":"null","d":"plain","e":"multi\nline","f":300,"g":[],"h":{}}""")!;

        var yaml = YamlWriter.Write(original);
        var roundTripped = YamlReader.Read(yaml)!;

        Assert.True(JsonNode.DeepEquals(original, roundTripped), yaml);
        Assert.Contains("d: plain", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_document_streams_skip_empty_documents()
    {
        var documents = YamlReader.ReadDocuments("a: 1\n---\n---\nb: 2\n");

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], documents.Select(d => d.ToJsonString()));
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        var error = Assert.Throws<FormatException>(() => YamlReader.ReadDocuments("a: 1\n  b: 2\n"));
        Assert.StartsWith("invalid YAML at line 2", error.Message, StringComparison.Ordinal);

        var unclosed = Assert.Throws<FormatException>(() => YamlReader.ReadDocuments("a: [1, 2\nb: 3\n"));
        Assert.Contains("unclosed", unclosed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_an_error()
    {
        var error = Assert.Throws<FormatException>(() => YamlReader.Read("a: 1\na: 2\n"));
        Assert.Equal("invalid YAML at line 2, column 1: Duplicate key a", error.Message);
    }
}
