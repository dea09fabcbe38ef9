using Airwave.Api.Common;
using Airwave.CrdGeneration;

namespace Airwave.Api.Tests;

public class CrdDriftTests
{
    public static TheoryData<string> Kinds() => [.. ApiKinds.All.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Committed_crd_matches_the_types(string kindName)
    {
        var kind = ApiKinds.All.Single(k => k.Name == kindName);
        var path = Repository.Path("crds", CrdGenerator.FileName(kind));

        Assert.True(File.Exists(path), $"{path} is missing; run: dotnet run --project crds/Airwave.Crds -- --output crds");
        var committed = File.ReadAllText(path);
        var generated = CrdGenerator.ToYaml(kind);
        Assert.True(
            committed == generated,
            $"{path} is out of date with crds/Airwave.Api; run: dotnet run --project crds/Airwave.Crds -- --output crds\n" +
            FirstDifference(committed, generated));
    }

    [Fact]
    public void Crds_directory_holds_exactly_the_generated_files()
    {
        var expected = ApiKinds.All.Select(CrdGenerator.FileName).Order(StringComparer.Ordinal);
        var actual = Directory.GetFiles(Repository.Path("crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    private static string FirstDifference(string committed, string generated)
    {
        var a = committed.Split('\n');
        var b = generated.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left != right)
            {
                return $"first difference at line {i + 1}:\n  committed: {left}\n  generated: {right}";
            }
        }

        return string.Empty;
    }
}
