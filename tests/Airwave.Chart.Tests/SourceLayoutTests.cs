using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Airwave.Chart.Tests;

/// <summary>
/// The source is read as text, as an engineer new to it would read it: the feature folders of each program depend on
/// each other one way only, one table says what each kind of LiveStream source is made of, and the signaling
/// service's image carries no Kubernetes client.
/// </summary>
public sealed partial class SourceLayoutTests
{
    [Theory]
    [InlineData("sfu/Airwave.Sfu")]
    [InlineData("webhook/Airwave.Webhook")]
    [InlineData("signaling/Airwave.Signaling")]
    [InlineData("operator/Airwave.Operator")]
    public void The_folders_of_a_service_form_no_cycle(string project)
    {
        var graph = FolderGraph(project);

        Assert.True(graph.Count >= 5, $"{project} has the feature folders this test reads");
        Assert.Null(FindCycle(graph));
    }

    [Fact]
    public void Only_the_table_of_parts_asks_which_source_a_stream_has()
    {
        var directory = Repository.Path("operator", "Airwave.Operator");
        var asking = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(directory, file).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
            .Where(file => !file.StartsWith("bin/", StringComparison.Ordinal) && !file.StartsWith("obj/", StringComparison.Ordinal))
            .Where(file => File.ReadAllText(System.IO.Path.Combine(directory, file)).Contains("SourceType.", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["LiveStreams/StreamLayouts.cs"], asking);
    }

    [Fact]
    public void The_signaling_service_references_no_kubernetes_client()
    {
        var references = ProjectsReferencedBy(Repository.Path("signaling", "Airwave.Signaling", "Airwave.Signaling.csproj"));

        Assert.Contains("Airwave.Events", references);
        Assert.DoesNotContain("Airwave.Kubernetes", references);
        Assert.DoesNotContain("Airwave.Events.Kubernetes", references);
    }

    /// <summary>Each folder of the project and the folders whose namespaces its files import.</summary>
    private static Dictionary<string, SortedSet<string>> FolderGraph(string project)
    {
        var directory = Repository.Path(project.Split('/'));
        var root = System.IO.Path.GetFileName(directory);
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(directory, file).Split(System.IO.Path.DirectorySeparatorChar);
            if (relative.Length < 2 || relative[0] is "bin" or "obj")
            {
                continue;
            }

            var folder = relative[0];
            var imports = graph.TryGetValue(folder, out var known) ? known : graph[folder] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match match in Using().Matches(File.ReadAllText(file)))
            {
                if (match.Groups["root"].Value == root && match.Groups["folder"].Value != folder)
                {
                    imports.Add(match.Groups["folder"].Value);
                }
            }
        }

        return graph;
    }

    /// <summary>A cycle as "A -> B -> A", or null.</summary>
    private static string? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        string? Visit(string folder)
        {
            if (path.IndexOf(folder) is var at and >= 0)
            {
                return string.Join(" -> ", path.Skip(at).Append(folder));
            }

            if (!done.Add(folder))
            {
                return null;
            }

            path.Add(folder);
            foreach (var next in graph.GetValueOrDefault(folder) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return graph.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(cycle => cycle is not null);
    }

    /// <summary>The names of every project <paramref name="csproj"/> references, directly or through another.</summary>
    private static SortedSet<string> ProjectsReferencedBy(string csproj)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([csproj]);
        while (pending.TryPop(out var current))
        {
            foreach (var include in XDocument.Load(current).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                var referenced = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(current)!, include.Replace('\\', '/')));
                if (found.Add(System.IO.Path.GetFileNameWithoutExtension(referenced)))
                {
                    pending.Push(referenced);
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"^using (?<root>[A-Za-z]+\.[A-Za-z]+)\.(?<folder>[A-Za-z]+)[.;]", RegexOptions.Multiline)]
    private static partial Regex Using();
}
