using System.Text.RegularExpressions;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Selectors;

/// <summary>The labelSelector query parameter: equality (=, ==, !=), set (in, notin) and existence (key, !key) terms, all of which must match.</summary>
internal sealed partial class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim()));
        }

        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseTerm(string term)
    {
        if (SetTerm().Match(term) is { Success: true } set)
        {
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            var op = set.Groups["op"].Value == "in" ? LabelOperator.In : LabelOperator.NotIn;
            return new LabelRequirement(set.Groups["key"].Value, op, values);
        }

        if (EqualityTerm().Match(term) is { Success: true } equality)
        {
            var op = equality.Groups["op"].Value == "!=" ? LabelOperator.NotIn : LabelOperator.In;
            return new LabelRequirement(equality.Groups["key"].Value, op, new HashSet<string>([equality.Groups["value"].Value], StringComparer.Ordinal));
        }

        if (ExistenceTerm().Match(term) is { Success: true } existence)
        {
            var op = existence.Groups["not"].Success ? LabelOperator.DoesNotExist : LabelOperator.Exists;
            return new LabelRequirement(existence.Groups["key"].Value, op, new HashSet<string>(StringComparer.Ordinal));
        }

        throw ApiErrors.BadRequest($"unable to parse requirement: found '{term}', expected: in, notin, =, ==, !=, gt, lt");
    }

    /// <summary>Splits on commas that are not inside a set's parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9./_-]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9./_-]+)\s*(?<op>==|!=|=)\s*(?<value>[A-Za-z0-9._-]*)$")]
    private static partial Regex EqualityTerm();

    [GeneratedRegex(@"^(?<not>!)?\s*(?<key>[A-Za-z0-9./_-]+)$")]
    private static partial Regex ExistenceTerm();
}
