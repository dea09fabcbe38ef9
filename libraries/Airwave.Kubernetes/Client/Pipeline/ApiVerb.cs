namespace Airwave.Kubernetes.Client.Pipeline;

/// <summary>
/// The verb of a request to the API server, read from its method and path as the API server reads it (get, list,
/// watch, create, update, patch, delete, deletecollection), so that calls count the same whichever client made them.
/// </summary>
internal static class ApiVerb
{
    public static string Of(HttpRequestMessage request)
    {
        // HttpClient has made the address absolute before any handler sees the request.
        var address = request.RequestUri ?? throw new ArgumentException("the request has no address", nameof(request));
        var onCollection = ResourceSegments(address.AbsolutePath) == 1;
        return request.Method.Method switch
        {
            "GET" when IsWatch(address.Query) => "watch",
            "GET" => onCollection ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => onCollection ? "deletecollection" : "delete",
            var other => other.ToLowerInvariant(),
        };
    }

    /// <summary>
    /// How many segments name the resource: 1 for a collection (pods), 2 for an object (pods/web-0), 3 for a
    /// subresource (pods/web-0/log); 0 for paths outside the resource APIs (/version).
    /// </summary>
    private static int ResourceSegments(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = segments switch
        {
            ["api", _, ..] => 2,
            ["apis", _, _, ..] => 3,
            _ => -1,
        };
        if (start < 0)
        {
            return 0;
        }

        // namespaces/{ns}/{resource}... scopes a namespaced resource; namespaces, namespaces/{ns} and its
        // subresources (status, finalize) are the Namespace collection and object themselves.
        if (segments.Length - start >= 3 && segments[start] == "namespaces" && segments[start + 2] is not ("status" or "finalize"))
        {
            start += 2;
        }

        return segments.Length - start;
    }

    private static bool IsWatch(string query) =>
        query.TrimStart('?').Split('&').Any(parameter => parameter.Equals("watch=true", StringComparison.OrdinalIgnoreCase) || parameter.Equals("watch=1", StringComparison.Ordinal));
}
