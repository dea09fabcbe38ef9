using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

/// <summary>
/// A raw HTTP client for the sandbox: "another client" next to kubectl, and the way to see exact wire shapes.
/// Without a bearer token it is the sandbox admin; with one, whoever the token authenticates.
/// </summary>
public sealed class SandboxClient : IDisposable
{
    private readonly HttpClient _http;

    public SandboxClient(Uri baseAddress, string? bearerToken = null)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearerToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    public HttpClient Http => _http;

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, path);
        Assert.True(status == 200, $"GET {path}: {status} {body}");
        return body!;
    }

    public async Task<JsonNode> PostAsync(string path, JsonNode body)
    {
        var (status, response, _) = await SendAsync(HttpMethod.Post, path, body);
        Assert.True(status == 201, $"POST {path}: {status} {response}");
        return response!;
    }

    public async Task<JsonNode> PatchAsync(string path, JsonNode patch, string contentType = "application/merge-patch+json")
    {
        var (status, response, _) = await SendAsync(HttpMethod.Patch, path, patch, contentType);
        Assert.True(status == 200, $"PATCH {path}: {status} {response}");
        return response!;
    }

    public void Dispose() => _http.Dispose();
}
