using System.Net;

namespace Airwave.Signaling.Tests;

/// <summary>
/// Requests reach the endpoints of the port they came in on, whatever their Host says: behind an ingress it is the
/// site's public domain, behind a Service its port, never the container's.
/// </summary>
public sealed class PortRoutingTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-signaling-routing-");
    private SignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await SignalingServer.StartAsync(_folder.FullName);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_public_port_serves_the_embed_script_for_the_public_domain_and_keeps_management_endpoints_out()
    {
        using var script = await SendAsync(_server.Public, "/embed.js", "broadcast.example.com");
        using var publicHealth = await SendAsync(_server.Public, "/healthz", "broadcast.example.com");
        using var managementHealth = await SendAsync(_server.Management, "/healthz", "airwave-signaling.media.svc:9090");
        using var managementScript = await SendAsync(_server.Management, "/embed.js", "airwave-signaling.media.svc:9090");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, publicHealth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, managementHealth.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, managementScript.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return client.SendAsync(request);
    }
}
