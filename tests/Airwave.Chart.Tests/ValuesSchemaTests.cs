using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>values.schema.json, applied as `helm install` applies it before rendering.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class ValuesSchemaTests(ChartRenderer renderer)
{
    [Theory]
    [InlineData("replicaCount: two\n", "replicaCount")]
    [InlineData("config:\n  aws:\n    region: 7\n", "config.aws.region")]
    [InlineData("downstream:\n  batchSize: \"100\"\n", "downstream.batchSize")]
    [InlineData("config:\n  logLevel: Verbose\n", "config.logLevel")]
    [InlineData("serviceAccount:\n  roleArn: my-role\n", "serviceAccount.roleArn")]
    public async Task A_value_of_the_wrong_type_or_form_is_rejected_naming_it(string yaml, string field)
    {
        var result = await renderer.RunAsync([renderer.WriteValues(yaml)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(field, result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicas: 3\n", "replicas")]
    [InlineData("config:\n  region: eu-west-1\n", "region")]
    [InlineData("metrics:\n  serviceMonitor:\n    enable: true\n", "enable")]
    public async Task A_misspelt_key_is_rejected_instead_of_silently_ignored(string yaml, string key)
    {
        var result = await renderer.RunAsync([renderer.WriteValues(yaml)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Additional property {key} is not allowed", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_value_in_values_yaml_is_described_by_the_schema()
    {
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AirwaveChart.Directory, "values.schema.json")))!;
        var values = YamlReader.Read(await File.ReadAllTextAsync(Path.Combine(AirwaveChart.Directory, "values.yaml")))!;

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
        Assert.Empty(Undescribed(values, schema, "").ToList());
    }

    /// <summary>Paths of values.yaml whose key the schema does not list, and objects the schema leaves open to unknown keys.</summary>
    private static IEnumerable<string> Undescribed(JsonNode values, JsonNode schema, string path)
    {
        if (values is not JsonObject map || schema["properties"] is not JsonObject properties)
        {
            yield break;
        }

        if (schema["additionalProperties"] is not JsonValue closed || (bool)closed)
        {
            yield return $"{path} allows unknown keys";
        }

        foreach (var (key, value) in map)
        {
            var child = path.Length == 0 ? key : $"{path}.{key}";
            if (properties[key] is not { } described)
            {
                yield return child;
            }
            else if (value is JsonObject && described["properties"] is not null)
            {
                foreach (var missing in Undescribed(value, described, child))
                {
                    yield return missing;
                }
            }
        }
    }
}
