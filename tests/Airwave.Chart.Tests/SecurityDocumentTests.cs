using System.Text.RegularExpressions;

namespace Airwave.Chart.Tests;

/// <summary>SECURITY.md names, for each wall, the tests that hold it: every one it names must exist.</summary>
public sealed partial class SecurityDocumentTests
{
    [Fact]
    public void Every_wall_names_a_test_file_of_this_repository()
    {
        var document = File.ReadAllText(Repository.Path("SECURITY.md"));
        var walls = document[document.IndexOf("## Walls that hold", StringComparison.Ordinal)..document.IndexOf("## Walls not built yet", StringComparison.Ordinal)];
        var rows = walls.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(2).ToList();

        Assert.True(rows.Count >= 10, $"SECURITY.md lists {rows.Count} walls");
        Assert.All(rows, row => Assert.True(TestFile().IsMatch(row), $"this wall names no test: {row}"));
        var missing = rows.SelectMany(r => TestFile().Matches(r)).Select(m => m.Groups["path"].Value).Where(p => !File.Exists(Repository.Path(p.Split('/')))).ToList();
        Assert.True(missing.Count == 0, $"SECURITY.md names tests that do not exist: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"`(?<path>tests/[A-Za-z0-9_./]+\.cs)`")]
    private static partial Regex TestFile();
}
