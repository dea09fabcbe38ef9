using System.Net;
using System.Text;

namespace Airwave.Webhook.Tests;

/// <summary>
/// Requests reach the endpoints of the port they came in on, whatever their Host says: Mux calls through an ingress
/// with the public domain, the API server calls &lt;service&gt;.&lt;namespace&gt;.svc:443, never the container's port.
/// </summary>
public sealed class PortRoutingTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>
{
    [Fact]
    public async Task A_callback_through_an_ingress_reaches_the_callback_endpoint_and_management_stays_on_its_port()
    {
        using var http = new HttpClient();
        var unsigned = new HttpRequestMessage(HttpMethod.Post, sandbox.CallbackUrl) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        unsigned.Headers.Host = "media-callbacks.example.com";
        using var callback = await http.SendAsync(unsigned);
        using var healthOnCallbackPort = await SendAsync(http, new Uri(sandbox.CallbackUrl, "/healthz"), "media-callbacks.example.com");
        using var health = await SendAsync(http, new Uri(sandbox.ManagementUrl, "/healthz"), "airwave-webhook.media.svc:9090");

        // Refused for its missing signature by the endpoint itself, which a 404 would not be.
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("signature", await callback.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, healthOnCallbackPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = host;
        return http.SendAsync(request);
    }
}
