using System.Text.RegularExpressions;

namespace Airwave.Events.Sinks;

/// <summary>Which events a sink receives: type and namespace patterns where <c>*</c> matches any run of characters.</summary>
public sealed class SinkFilter(IReadOnlyList<string> types, IReadOnlyList<string> namespaces)
{
    private readonly Regex[] _types = [.. types.Select(Glob)];
    private readonly Regex[] _namespaces = [.. namespaces.Select(Glob)];

    public bool Accepts(string type, string @namespace) =>
        (_types.Length == 0 || _types.Any(t => t.IsMatch(type))) && (_namespaces.Length == 0 || _namespaces.Any(n => n.IsMatch(@namespace)));

    private static Regex Glob(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
