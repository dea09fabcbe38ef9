using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.MediaPackage;

/// <summary>MediaPackage v1's REST routes (API 2017-10-12).</summary>
internal static class MediaPackageEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MediaPackageStore store)
    {
        Map(routes.MapPost("/channels", async (HttpRequest request) =>
            EmulatorJson.Write(store.CreateChannel(await EmulatorJson.ReadAsync<CreateChannelRequest>(request)))), "CreateChannel");
        Map(routes.MapGet("/channels", (int? maxResults, string? nextToken) =>
        {
            var (items, token) = Paging.Page(store.ListChannels(), maxResults, nextToken);
            return EmulatorJson.Write(new ListChannelsResponse(items, token));
        }), "ListChannels");
        Map(routes.MapGet("/channels/{id}", (string id) => EmulatorJson.Write(store.DescribeChannel(id))), "DescribeChannel");
        Map(routes.MapPut("/channels/{id}", async (string id, HttpRequest request) =>
            EmulatorJson.Write(store.UpdateChannel(id, await EmulatorJson.ReadAsync<UpdateChannelRequest>(request)))), "UpdateChannel");
        Map(routes.MapDelete("/channels/{id}", (string id) =>
        {
            store.DeleteChannel(id);
            return EmulatorJson.Write(new { }, StatusCodes.Status202Accepted);
        }), "DeleteChannel");

        Map(routes.MapPost("/origin_endpoints", async (HttpRequest request) =>
            EmulatorJson.Write(store.CreateEndpoint(await EmulatorJson.ReadAsync<CreateOriginEndpointRequest>(request)))), "CreateOriginEndpoint");
        Map(routes.MapGet("/origin_endpoints", (string? channelId, int? maxResults, string? nextToken) =>
        {
            var (items, token) = Paging.Page(store.ListEndpoints(channelId), maxResults, nextToken);
            return EmulatorJson.Write(new ListOriginEndpointsResponse(items, token));
        }), "ListOriginEndpoints");
        Map(routes.MapGet("/origin_endpoints/{id}", (string id) => EmulatorJson.Write(store.DescribeEndpoint(id))), "DescribeOriginEndpoint");
        Map(routes.MapPut("/origin_endpoints/{id}", async (string id, HttpRequest request) =>
            EmulatorJson.Write(store.UpdateEndpoint(id, await EmulatorJson.ReadAsync<UpdateOriginEndpointRequest>(request)))), "UpdateOriginEndpoint");
        Map(routes.MapDelete("/origin_endpoints/{id}", (string id) =>
        {
            store.DeleteEndpoint(id);
            return EmulatorJson.Write(new { }, StatusCodes.Status202Accepted);
        }), "DeleteOriginEndpoint");
    }

    private static void Map(RouteHandlerBuilder route, string operation) =>
        route.WithMetadata(new AwsOperation(AwsServiceKind.MediaPackage, operation));
}
