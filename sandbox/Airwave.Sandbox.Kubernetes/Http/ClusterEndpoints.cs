using Airwave.Sandbox.Kubernetes.Discovery;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.OpenApi;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>The routes of the server: health, version, discovery, OpenAPI and the resource tree.</summary>
internal static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ResourceRegistry registry, ResourceEndpoints resources, Func<string> serverAddress)
    {
        routes.MapGet("/version", () => Results.Json(DiscoveryDocuments.Version(), WireJson.Options));
        foreach (var probe in new[] { "/healthz", "/readyz", "/livez" })
        {
            routes.MapGet(probe, () => Results.Text("ok"));
        }

        routes.MapGet("/api", (HttpRequest request) => AggregatedDiscovery.IsRequested(request.Headers.Accept)
            ? Aggregated(registry, core: true)
            : Results.Json(DiscoveryDocuments.CoreVersions(serverAddress()), WireJson.Options));
        routes.MapGet("/apis", (HttpRequest request) => AggregatedDiscovery.IsRequested(request.Headers.Accept)
            ? Aggregated(registry, core: false)
            : Results.Json(DiscoveryDocuments.GroupList(registry), WireJson.Options));
        routes.MapGet("/apis/{group}", (string group) =>
            DiscoveryDocuments.Group(registry, group) is { } document ? Results.Json(document, WireJson.Options) : throw ApiErrors.NotFound("the server could not find the requested resource"));
        routes.MapGet("/openapi/v2", (HttpRequest request) => OpenApiV2Protobuf.IsRequested(request.Headers.Accept)
            ? Results.Bytes(OpenApiV2Protobuf.Encode(OpenApiV2Document.Build(registry)), OpenApiV2Protobuf.ContentType)
            : Results.Json(OpenApiV2Document.Build(registry), WireJson.Options));
        routes.MapGet("/openapi/v3", () => Results.Json(OpenApiV3Documents.Index(registry), WireJson.Options));
        routes.MapGet("/openapi/v3/api/{version}", (string version) => OpenApiDocument(registry, string.Empty, version));
        routes.MapGet("/openapi/v3/apis/{group}/{version}", (string group, string version) => OpenApiDocument(registry, group, version));
        routes.Map("/api/{**rest}", resources.HandleAsync);
        routes.Map("/apis/{group}/{version}/{**rest}", resources.HandleAsync);
        routes.MapFallback(() => Task.FromException(ApiErrors.NotFound("the server could not find the requested resource")));
    }

    private static IResult Aggregated(ResourceRegistry registry, bool core) =>
        Results.Text(AggregatedDiscovery.Document(registry, core).ToJsonString(WireJson.Options), AggregatedDiscovery.ContentType);

    private static IResult OpenApiDocument(ResourceRegistry registry, string group, string version) =>
        registry.IsServedGroupVersion(group, version)
            ? Results.Json(OpenApiV3Documents.Document(registry, group, version), WireJson.Options)
            : throw ApiErrors.NotFound("the server could not find the requested resource");
}
