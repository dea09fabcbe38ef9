using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Catalog;

/// <summary>One operation of a model: `GET /prod/channels/{channelId}`, `POST /2020-05-31/tagging?Operation=Tag`.</summary>
internal sealed record CatalogEntry(AwsServiceKind Service, string Name, string Method, string RequestUri)
{
    private string[] Segments => Split(RequestUri.Split('?')[0]);

    /// <summary>`WithTags` (the key is present) or `Operation=Tag` (the key has that value).</summary>
    private (string Key, string? Value)[] QueryConditions => RequestUri.Contains('?', StringComparison.Ordinal)
        ? [.. RequestUri.Split('?')[1].Split('&').Select(c => c.Split('=') is [var key, var value] ? (key, (string?)value) : (c, null))]
        : [];

    /// <summary>Literal segments and query conditions count; a templated segment does not.</summary>
    public int Specificity => Segments.Count(s => !s.StartsWith('{')) + QueryConditions.Length;

    public bool Matches(string path, IQueryCollection query)
    {
        var wanted = Segments;
        var actual = Split(path);
        for (var i = 0; i < wanted.Length; i++)
        {
            if (wanted[i].StartsWith('{') && wanted[i].EndsWith("+}", StringComparison.Ordinal))
            {
                return actual.Length > i;
            }

            if (i >= actual.Length || (!wanted[i].StartsWith('{') && !string.Equals(wanted[i], actual[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return actual.Length == wanted.Length
            && QueryConditions.All(c => query.ContainsKey(c.Key) && (c.Value is null || query[c.Key] == c.Value));
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
