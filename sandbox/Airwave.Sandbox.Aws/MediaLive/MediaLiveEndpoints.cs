using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.MediaLive;

/// <summary>MediaLive's REST routes (API 2017-10-14, under <c>/prod</c>).</summary>
internal static class MediaLiveEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, MediaLiveStore store)
    {
        Map(routes.MapPost("/prod/inputSecurityGroups", async (HttpRequest request) =>
            EmulatorJson.Write(new InputSecurityGroupEnvelope(store.CreateSecurityGroup(await EmulatorJson.ReadAsync<CreateInputSecurityGroupRequest>(request))))), "CreateInputSecurityGroup");
        Map(routes.MapGet("/prod/inputSecurityGroups", (int? maxResults, string? nextToken) =>
        {
            var (items, token) = Paging.Page(store.ListSecurityGroups(), maxResults, nextToken);
            return EmulatorJson.Write(new ListInputSecurityGroupsResponse(items, token));
        }), "ListInputSecurityGroups");
        Map(routes.MapGet("/prod/inputSecurityGroups/{id}", (string id) => EmulatorJson.Write(store.DescribeSecurityGroup(id))), "DescribeInputSecurityGroup");
        Map(routes.MapPut("/prod/inputSecurityGroups/{id}", async (string id, HttpRequest request) =>
            EmulatorJson.Write(new InputSecurityGroupEnvelope(store.UpdateSecurityGroup(id, await EmulatorJson.ReadAsync<UpdateInputSecurityGroupRequest>(request))))), "UpdateInputSecurityGroup");
        Map(routes.MapDelete("/prod/inputSecurityGroups/{id}", (string id) =>
        {
            store.DeleteSecurityGroup(id);
            return EmulatorJson.Write(new { });
        }), "DeleteInputSecurityGroup");

        Map(routes.MapPost("/prod/inputs", async (HttpRequest request) =>
            EmulatorJson.Write(new InputEnvelope(store.CreateInput(await EmulatorJson.ReadAsync<CreateInputRequest>(request))), StatusCodes.Status201Created)), "CreateInput");
        Map(routes.MapGet("/prod/inputs", (int? maxResults, string? nextToken) =>
        {
            var (items, token) = Paging.Page(store.ListInputs(), maxResults, nextToken);
            return EmulatorJson.Write(new ListInputsResponse(items, token));
        }), "ListInputs");
        Map(routes.MapGet("/prod/inputs/{id}", (string id) => EmulatorJson.Write(store.DescribeInput(id))), "DescribeInput");
        Map(routes.MapPut("/prod/inputs/{id}", async (string id, HttpRequest request) =>
            EmulatorJson.Write(new InputEnvelope(store.UpdateInput(id, await EmulatorJson.ReadAsync<UpdateInputRequest>(request))))), "UpdateInput");
        Map(routes.MapDelete("/prod/inputs/{id}", (string id) =>
        {
            store.DeleteInput(id);
            return EmulatorJson.Write(new { });
        }), "DeleteInput");

        Map(routes.MapPost("/prod/channels", async (HttpRequest request) =>
            EmulatorJson.Write(new ChannelEnvelope(store.CreateChannel(await EmulatorJson.ReadAsync<CreateChannelRequest>(request))), StatusCodes.Status201Created)), "CreateChannel");
        Map(routes.MapGet("/prod/channels", (int? maxResults, string? nextToken) =>
        {
            var (items, token) = Paging.Page(store.ListChannels(), maxResults, nextToken);
            return EmulatorJson.Write(new ListChannelsResponse(items, token));
        }), "ListChannels");
        Map(routes.MapGet("/prod/channels/{id}", (string id) => EmulatorJson.Write(store.DescribeChannel(id))), "DescribeChannel");
        Map(routes.MapPut("/prod/channels/{id}", async (string id, HttpRequest request) =>
            EmulatorJson.Write(new ChannelEnvelope(store.UpdateChannel(id, await EmulatorJson.ReadAsync<UpdateChannelRequest>(request))))), "UpdateChannel");
        Map(routes.MapPost("/prod/channels/{id}/start", (string id) => EmulatorJson.Write(store.StartChannel(id))), "StartChannel");
        Map(routes.MapPost("/prod/channels/{id}/stop", (string id) => EmulatorJson.Write(store.StopChannel(id))), "StopChannel");
        Map(routes.MapDelete("/prod/channels/{id}", (string id) => EmulatorJson.Write(store.DeleteChannel(id))), "DeleteChannel");
        Map(routes.MapGet("/prod/channels/{id}/alerts", (string id, int? maxResults, string? nextToken, string? stateFilter) =>
        {
            var (items, token) = Paging.Page(store.ListAlerts(id, stateFilter), maxResults, nextToken);
            return EmulatorJson.Write(new ListAlertsResponse(items, token));
        }), "ListAlerts");

        Map(routes.MapPost("/prod/tags/{arn}", async (string arn, HttpRequest request) =>
        {
            store.CreateTags(arn, (await EmulatorJson.ReadAsync<TagsEnvelope>(request)).Tags);
            return Results.NoContent();
        }), "CreateTags");
        Map(routes.MapDelete("/prod/tags/{arn}", (string arn, HttpRequest request) =>
        {
            store.DeleteTags(arn, request.Query["tagKeys"].OfType<string>());
            return Results.NoContent();
        }), "DeleteTags");
        Map(routes.MapGet("/prod/tags/{arn}", (string arn) => EmulatorJson.Write(new TagsEnvelope(store.ListTags(arn)))), "ListTagsForResource");
    }

    private static void Map(RouteHandlerBuilder route, string operation) =>
        route.WithMetadata(new AwsOperation(AwsServiceKind.MediaLive, operation));
}
