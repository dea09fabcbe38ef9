using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Catalog;

/// <summary>One operation of a model: `GET /prod/channels/{channelId}`, `POST /2020-05-31/tagging?Operation=Tag`.</summary>
internal sealed record CatalogEntry
{
    // Every request is matched against every entry: the URI is taken apart once, here.
    private readonly string[] _segments;
    private readonly (string Key, string? Value)[] _queryConditions;

    public CatalogEntry(AwsServiceKind service, string name, string method, string requestUri)
    {
        Service = service;
        Name = name;
        Method = method;
        var parts = requestUri.Split('?', 2);
        _segments = Segments(parts[0]);

        // `WithTags` (the key is present) or `Operation=Tag` (the key has that value).
        _queryConditions = parts.Length == 2
            ? [.. parts[1].Split('&').Select(c => c.Split('=') is [var key, var value] ? (key, (string?)value) : (c, null))]
            : [];
        Specificity = _segments.Count(s => !s.StartsWith('{')) + _queryConditions.Length;
    }

    public AwsServiceKind Service { get; }

    public string Name { get; }

    public string Method { get; }

    /// <summary>Literal segments and query conditions count; a templated segment does not.</summary>
    public int Specificity { get; }

    /// <summary>The non-empty segments of a path, as <see cref="Matches"/> takes them.</summary>
    public static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public bool Matches(string[] path, IQueryCollection query)
    {
        for (var i = 0; i < _segments.Length; i++)
        {
            if (_segments[i].StartsWith('{') && _segments[i].EndsWith("+}", StringComparison.Ordinal))
            {
                return path.Length > i && QueryMatches(query);
            }

            if (i >= path.Length || (!_segments[i].StartsWith('{') && !string.Equals(_segments[i], path[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return path.Length == _segments.Length && QueryMatches(query);
    }

    private bool QueryMatches(IQueryCollection query) =>
        _queryConditions.All(c => query.ContainsKey(c.Key) && (c.Value is null || query[c.Key] == c.Value));
}
