using Airwave.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Airwave.Hosting;

/// <summary>Traces of the requests a service answers, with the calls it makes to answer them as their children.</summary>
public static class RequestTracing
{
    private static readonly PathString[] Untraced = ["/metrics", "/healthz", "/readyz"];

    /// <summary>
    /// When an OTLP endpoint is configured (see <see cref="TracingServiceCollectionExtensions.AddOtlpTracing"/>), a server
    /// span for each request, continuing the caller's trace when its <c>traceparent</c> header names one. Probes,
    /// scrapes and WebSocket sessions (which last as long as a page stays open) are not traced.
    /// </summary>
    public static IServiceCollection AddOtlpRequestTracing(this IServiceCollection services, IConfiguration configuration, string serviceName) =>
        services.AddOtlpTracing(configuration, serviceName, tracing => tracing.AddAspNetCoreInstrumentation(options => options.Filter = IsTraced));

    // Decided as the request arrives, before the WebSocket middleware has looked at it: by its upgrade header
    // (HTTP/1.1) or its extended CONNECT (HTTP/2).
    private static bool IsTraced(HttpContext context) =>
        !Untraced.Contains(context.Request.Path) && !IsWebSocketHandshake(context.Request);

    private static bool IsWebSocketHandshake(HttpRequest request) =>
        request.Headers.Upgrade.Any(value => string.Equals(value, "websocket", StringComparison.OrdinalIgnoreCase))
        || (HttpMethods.IsConnect(request.Method) && request.HttpContext.Features.Get<IHttpExtendedConnectFeature>()?.Protocol == "websocket");
}
