using Airwave.Sandbox.Kubernetes.Aggregation;
using Airwave.Sandbox.Kubernetes.Discovery;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.OpenApi;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>The routes of the server: health, version, discovery, OpenAPI, the resource tree and the aggregated APIs.</summary>
internal static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ResourceRegistry registry, ResourceEndpoints resources, AggregatedApis aggregated, AggregatedApiProxy proxy, Func<string> serverAddress)
    {
        routes.MapGet("/version", () => Results.Json(DiscoveryDocuments.Version(), WireJson.Options));
        foreach (var probe in new[] { "/healthz", "/readyz", "/livez" })
        {
            routes.MapGet(probe, () => Results.Text("ok"));
        }

        routes.MapGet("/api", (HttpRequest request) => AggregatedDiscovery.IsRequested(request.Headers.Accept)
            ? Results.Text(AggregatedDiscovery.Document(registry, aggregated: null).ToJsonString(WireJson.Options), AggregatedDiscovery.ContentType)
            : Results.Json(DiscoveryDocuments.CoreVersions(serverAddress()), WireJson.Options));
        routes.MapGet("/apis", (HttpRequest request) => AggregatedDiscovery.IsRequested(request.Headers.Accept)
            ? Results.Text(AggregatedDiscovery.Document(registry, aggregated).ToJsonString(WireJson.Options), AggregatedDiscovery.ContentType)
            : Results.Json(DiscoveryDocuments.GroupList(registry, aggregated.Groups()), WireJson.Options));
        routes.MapGet("/apis/{group}", (string group) =>
            DiscoveryDocuments.Group(registry, aggregated.Groups(), group) is { } document ? Results.Json(document, WireJson.Options) : throw ApiErrors.NotFound("the server could not find the requested resource"));
        routes.MapGet("/openapi/v2", (HttpRequest request) => OpenApiV2Protobuf.IsRequested(request.Headers.Accept)
            ? Results.Bytes(OpenApiV2Protobuf.Encode(OpenApiV2Document.Build(registry)), OpenApiV2Protobuf.ContentType)
            : Results.Json(OpenApiV2Document.Build(registry), WireJson.Options));
        routes.MapGet("/openapi/v3", () => Results.Json(OpenApiV3Documents.Index(registry), WireJson.Options));
        routes.MapGet("/openapi/v3/api/{version}", (string version) => OpenApiDocument(registry, string.Empty, version));
        routes.MapGet("/openapi/v3/apis/{group}/{version}", (string group, string version) => OpenApiDocument(registry, group, version));
        routes.Map("/api/{**rest}", resources.HandleAsync);
        routes.Map("/apis/{group}/{version}/{**rest}", http =>
            aggregated.Find((string)http.GetRouteValue("group")!, (string)http.GetRouteValue("version")!) is { } api
                ? proxy.ServeAsync(http, api)
                : resources.HandleAsync(http));
        routes.MapFallback(() => Task.FromException(ApiErrors.NotFound("the server could not find the requested resource")));
    }

    private static IResult OpenApiDocument(ResourceRegistry registry, string group, string version) =>
        registry.IsServedGroupVersion(group, version)
            ? Results.Json(OpenApiV3Documents.Document(registry, group, version), WireJson.Options)
            : throw ApiErrors.NotFound("the server could not find the requested resource");
}
