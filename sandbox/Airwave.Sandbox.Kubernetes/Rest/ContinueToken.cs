using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The opaque continue token of paged lists: the key the next page starts after, base64 JSON like the real server's.</summary>
internal static class ContinueToken
{
    public static string Encode(long resourceVersion, ObjectKey last)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = $"{last.Namespace}/{last.Name}\u0000" };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    public static ObjectKey Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(token))!;
            var start = ((string)json["start"]!).TrimEnd('\u0000');
            var slash = start.IndexOf('/', StringComparison.Ordinal);
            return new ObjectKey(start[..slash], start[(slash + 1)..]);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or NullReferenceException or ArgumentOutOfRangeException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
    }
}
