using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// The chart README's table of `kubectl auth can-i` answers for the operator's and the webhook's ServiceAccounts,
/// asked row by row of the sandbox's API server (which authorizes with RBAC) after the chart's RBAC is applied.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed partial class AccountPermissionsTests(ChartRenderer renderer) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Accounts = new(StringComparer.Ordinal)
    {
        ["operator"] = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:airwave",
        ["webhook"] = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:airwave-webhook",
        ["namespace-access"] = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:airwave-namespace-access",
    };

    private readonly SandboxApiServer _sandbox = new();
    private NamespaceAccessProcess? _namespaceAccess;

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var chart = await renderer.RenderAsync([renderer.WriteValues("webhook:\n  enabled: true\ndownstream:\n  enabled: true\n  url: https://events.example.com/airwave\n"), renderer.WriteValues(WebhookStreamPolicyTests.StreamApiValues)]);
        foreach (var (_, user) in Accounts)
        {
            Assert.Contains(chart.Documents, d => d.Kind == "ServiceAccount" && user.EndsWith($":{d.Name}", StringComparison.Ordinal));
        }

        await _sandbox.Kubectl.SucceedAsync("apply", "-f", Path.Combine(AirwaveChart.Directory, "crds"));
        await _sandbox.InstallAccessControlAsync(chart);
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", "team");
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", "empty");

        // team holds a stream, so the namespace-access controller grants the operator its writes there.
        await _sandbox.Kubectl.SucceedAsync("apply", "-n", "team", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        _namespaceAccess = NamespaceAccessProcess.Start(chart.Documents.Select(d => (JsonNode)d.Manifest), account => _sandbox.WriteServiceAccountKubeconfig(AirwaveChart.ReleaseNamespace, account));
        Assert.NotNull(_namespaceAccess);
        await Eventually.MatchAsync(
            () => _sandbox.Kubectl.RunAsync(["get", "rolebinding", AirwaveChart.ReleaseName, "-n", "team", "-o", "name"]),
            result => result.ExitCode == 0,
            TimeSpan.FromSeconds(30),
            "the namespace-access controller binds the operator's role in team");
    }

    public async Task DisposeAsync()
    {
        if (_namespaceAccess is not null)
        {
            await _namespaceAccess.DisposeAsync();
        }

        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Each_row_of_the_readmes_can_i_table_is_what_the_api_server_answers()
    {
        var rows = Rows();
        Assert.True(rows.Count >= 20, $"the table has {rows.Count} rows");
        Assert.Equal(["namespace-access", "operator", "webhook"], rows.Select(r => r.Account).Distinct().Order(StringComparer.Ordinal));

        var wrong = new List<string>();
        foreach (var (account, question, expected) in rows)
        {
            var result = await _sandbox.Kubectl.RunAsync(["auth", "can-i", .. question.Split(' ', StringSplitOptions.RemoveEmptyEntries), $"--as={Accounts[account]}"]);
            var answer = result.StandardOutput.Trim();
            if (answer != expected)
            {
                wrong.Add($"{account}: can-i {question}: the README says {expected}, the API server answers {answer} ({result.StandardError.Trim()})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static List<(string Account, string Question, string Answer)> Rows()
    {
        var readme = File.ReadAllText(Path.Combine(AirwaveChart.Directory, "README.md"));
        var section = readme[readme.IndexOf("### What each account can do", StringComparison.Ordinal)..];
        return [.. Row().Matches(section).Select(m => (m.Groups["account"].Value, m.Groups["question"].Value, m.Groups["answer"].Value))];
    }

    [GeneratedRegex(@"^\| (?<account>operator|webhook|namespace-access) \| `(?<question>[^`]+)` \| (?<answer>yes|no) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
