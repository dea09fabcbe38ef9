using System.Text.Json.Nodes;

namespace Airwave.Testing;

public sealed record AwsCliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The CLI's JSON output, parsed; fails the test with the CLI's stderr when the call failed.</summary>
    public JsonNode Json
    {
        get
        {
            Assert.True(ExitCode == 0, $"aws exited with {ExitCode}: {Error}");
            return JsonNode.Parse(Output) ?? throw new InvalidOperationException("The CLI printed no JSON.");
        }
    }

    // Not the generated one, which would read Json and fail on output that is not JSON.
    public override string ToString() => $"aws exited with {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
