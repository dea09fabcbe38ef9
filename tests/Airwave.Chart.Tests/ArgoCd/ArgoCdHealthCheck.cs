using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests.ArgoCd;

/// <summary>
/// One of the chart's Argo CD health checks (charts/airwave/argocd/health-values.yaml, read with PyYAML), run by the
/// Lua 5.1 interpreter the way Argo CD runs it: the resource as the global <c>obj</c>, the script's returned table
/// its health.
/// </summary>
public sealed class ArgoCdHealthCheck
{
    private readonly string _script;

    private ArgoCdHealthCheck(string script) => _script = script;

    public static string ValuesFile => Path.Combine(AirwaveChart.Directory, "argocd", "health-values.yaml");

    public static async Task<ArgoCdHealthCheck> LoadAsync(string kind)
    {
        var yaml = await ProcessRunner.RunAsync(
            "/usr/bin/python3",
            ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", ValuesFile],
            TimeSpan.FromSeconds(30));
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        var key = $"resource.customizations.health.media.airwave.dev_{kind}";
        var script = (string?)JsonNode.Parse(yaml.StandardOutput)!["configs"]!["cm"]![key];
        Assert.False(string.IsNullOrWhiteSpace(script), $"{ValuesFile} has no {key}");
        return new ArgoCdHealthCheck(script!);
    }

    /// <summary>The health Argo CD would show for <paramref name="resource"/>.</summary>
    public async Task<(string Status, string Message)> RunAsync(JsonObject resource)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-argocd-health-");
        try
        {
            var check = Path.Combine(folder.FullName, "check.lua");
            var harness = Path.Combine(folder.FullName, "harness.lua");
            await File.WriteAllTextAsync(check, _script);
            await File.WriteAllTextAsync(harness, $"""
                obj = {ToLua(resource)}
                local hs = dofile("{check}")
                io.write(tostring(hs.status), "\n", tostring(hs.message))
                """);
            var result = await ProcessRunner.RunAsync("/usr/bin/lua5.1", [harness], TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.StandardOutput.Split('\n', 2);
            return (lines[0], lines.Length > 1 ? lines[1] : "");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A JSON value as a Lua table constructor, as Argo CD hands the object to Lua (null fields are absent).</summary>
    private static string ToLua(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(", ", o.Where(p => p.Value is not null).Select(p => $"[{Quote(p.Key)}] = {ToLua(p.Value)}")) + "}",
        JsonArray a => "{" + string.Join(", ", a.Select(ToLua)) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        // A JSON number is written the way Lua reads numbers.
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw new ArgumentException($"not a JSON value: {node.GetType()}", nameof(node)),
    };

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when c < ' ' => $"\\{(int)c:D3}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
