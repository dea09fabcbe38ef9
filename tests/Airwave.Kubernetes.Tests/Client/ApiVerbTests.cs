using Airwave.Kubernetes.Client.Pipeline;

namespace Airwave.Kubernetes.Tests.Client;

/// <summary>Requests count under the verb the API server itself gives them, in its audit log and its own metrics.</summary>
public sealed class ApiVerbTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/media/pods", "list")]
    [InlineData("GET", "/api/v1/pods", "list")]
    [InlineData("GET", "/api/v1/namespaces/media/pods?watch=true&resourceVersion=7", "watch")]
    [InlineData("GET", "/api/v1/namespaces/media/pods/web-0", "get")]
    [InlineData("GET", "/api/v1/namespaces/media/pods/web-0/log", "get")]
    [InlineData("GET", "/api/v1/namespaces", "list")]
    [InlineData("GET", "/api/v1/namespaces/media", "get")]
    [InlineData("PUT", "/api/v1/namespaces/media/status", "update")]
    [InlineData("GET", "/apis/media.airwave.dev/v1/namespaces/media/livestreams", "list")]
    [InlineData("GET", "/apis/coordination.k8s.io/v1/namespaces/airwave/leases/airwave-operator", "get")]
    [InlineData("POST", "/apis/authentication.k8s.io/v1/tokenreviews", "create")]
    [InlineData("PUT", "/apis/media.airwave.dev/v1/namespaces/media/livestreams/show/status", "update")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/media/deployments/sfu?fieldManager=airwave", "patch")]
    [InlineData("DELETE", "/apis/batch/v1/namespaces/media/jobs/clip", "delete")]
    [InlineData("DELETE", "/apis/batch/v1/namespaces/media/jobs", "deletecollection")]
    [InlineData("GET", "/version", "get")]
    public void The_verb_is_read_from_the_method_and_the_path(string method, string path, string verb)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri("https://127.0.0.1:6443"), path));

        Assert.Equal(verb, ApiVerb.Of(request));
    }
}
