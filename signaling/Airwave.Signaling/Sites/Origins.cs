namespace Airwave.Signaling.Sites;

/// <summary>Web origins (RFC 6454) as a browser sends them in the Origin header: scheme://host[:port], nothing else.</summary>
public static class Origins
{
    /// <summary>
    /// The origin in the form browsers send (lower case, default port left out), or null when <paramref name="text"/>
    /// is not an http(s) origin (a path, a query, a user name or a wildcard make it something else).
    /// </summary>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || text.TrimEnd().EndsWith('/') || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0 || uri.Host.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
    }
}
