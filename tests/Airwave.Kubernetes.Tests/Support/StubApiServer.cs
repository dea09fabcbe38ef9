using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 answering with a test's handler, recording what arrived.</summary>
internal sealed class StubApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<StubApiServer> StartAsync(Func<HttpContext, Task> handler, X509Certificate2? serverCertificate = null, bool requireClientCertificate = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    if (requireClientCertificate)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;

                        // The test checks the presented certificate itself.
                        https.ClientCertificateValidation = (_, _, _) => true;
                    }
                });
            }
        }));
        var app = builder.Build();
        StubApiServer? server = null;
        app.Run(async context =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            server!.Requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(),
                context.Request.ContentType,
                body,
                context.Connection.ClientCertificate?.Subject));
            await handler(context);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        server = new StubApiServer(app, address);
        return server;
    }

    public k8s.KubernetesClientConfiguration Configuration(string? token = null) =>
        new() { Host = BaseAddress.ToString(), AccessToken = token };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
