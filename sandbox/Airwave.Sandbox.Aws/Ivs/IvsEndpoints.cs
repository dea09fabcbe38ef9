using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>Amazon IVS's REST routes (API 2020-07-14): a POST of a JSON body per operation, tags under /tags.</summary>
internal static class IvsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, IvsStore store, IvsPlaybackKeys playbackKeys, IvsRecordingConfigurations recordings)
    {
        MapChannels(routes, store);
        MapStreamKeys(routes, store);
        MapPlaybackKeys(routes, playbackKeys);
        MapRecordingConfigurations(routes, store, recordings);
        MapTags(routes, store);
    }

    private static void MapChannels(IEndpointRouteBuilder routes, IvsStore store)
    {
        Map(routes.MapPost("/CreateChannel", async (HttpRequest request) =>
            EmulatorJson.Write(store.CreateChannel(await EmulatorJson.ReadAsync<CreateChannelRequest>(request)))), "CreateChannel");
        Map(routes.MapPost("/GetChannel", async (HttpRequest request) =>
            EmulatorJson.Write(new { channel = store.GetChannel((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn) })), "GetChannel");
        Map(routes.MapPost("/ListChannels", async (HttpRequest request) =>
        {
            var asked = await EmulatorJson.ReadAsync<ListRequest>(request);
            var (items, token) = Paging.Page(store.ListChannels(asked.FilterByName), asked.MaxResults ?? 50, asked.NextToken);
            return EmulatorJson.Write(new { channels = items, nextToken = token });
        }), "ListChannels");
        Map(routes.MapPost("/UpdateChannel", async (HttpRequest request) =>
            EmulatorJson.Write(new { channel = store.UpdateChannel(await EmulatorJson.ReadAsync<UpdateChannelRequest>(request)) })), "UpdateChannel");
        Map(routes.MapPost("/DeleteChannel", async (HttpRequest request) =>
        {
            store.DeleteChannel((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn);
            return Results.NoContent();
        }), "DeleteChannel");
        Map(routes.MapPost("/GetStream", async (HttpRequest request) =>
            EmulatorJson.Write(new { stream = store.GetStream((await EmulatorJson.ReadAsync<ListRequest>(request)).ChannelArn ?? "") })), "GetStream");
        Map(routes.MapPost("/StopStream", async (HttpRequest request) =>
        {
            store.StopStream((await EmulatorJson.ReadAsync<ListRequest>(request)).ChannelArn ?? "");
            return EmulatorJson.Write(new { });
        }), "StopStream");
    }

    private static void MapStreamKeys(IEndpointRouteBuilder routes, IvsStore store)
    {
        Map(routes.MapPost("/CreateStreamKey", async (HttpRequest request) =>
        {
            var asked = await EmulatorJson.ReadAsync<CreateStreamKeyRequest>(request);
            return EmulatorJson.Write(new { streamKey = store.CreateStreamKey(asked.ChannelArn, asked.Tags) });
        }), "CreateStreamKey");
        Map(routes.MapPost("/ListStreamKeys", async (HttpRequest request) =>
        {
            var asked = await EmulatorJson.ReadAsync<ListRequest>(request);
            var (items, token) = Paging.Page(store.ListStreamKeys(asked.ChannelArn ?? ""), asked.MaxResults ?? 1, asked.NextToken);
            return EmulatorJson.Write(new { streamKeys = items, nextToken = token });
        }), "ListStreamKeys");
        Map(routes.MapPost("/GetStreamKey", async (HttpRequest request) =>
            EmulatorJson.Write(new { streamKey = store.GetStreamKey((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn) })), "GetStreamKey");
        Map(routes.MapPost("/DeleteStreamKey", async (HttpRequest request) =>
        {
            store.DeleteStreamKey((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn);
            return Results.NoContent();
        }), "DeleteStreamKey");
    }

    private static void MapPlaybackKeys(IEndpointRouteBuilder routes, IvsPlaybackKeys playbackKeys)
    {
        Map(routes.MapPost("/ImportPlaybackKeyPair", async (HttpRequest request) =>
        {
            var asked = await EmulatorJson.ReadAsync<ImportKeyRequest>(request);
            return EmulatorJson.Write(new { keyPair = playbackKeys.ImportPlaybackKeyPair(asked.PublicKeyMaterial, asked.Name, asked.Tags) });
        }), "ImportPlaybackKeyPair");
        Map(routes.MapPost("/GetPlaybackKeyPair", async (HttpRequest request) =>
            EmulatorJson.Write(new { keyPair = playbackKeys.GetPlaybackKeyPair((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn) })), "GetPlaybackKeyPair");
        Map(routes.MapPost("/ListPlaybackKeyPairs", async (HttpRequest request) =>
        {
            var asked = await EmulatorJson.ReadAsync<ListRequest>(request);
            var (items, token) = Paging.Page(playbackKeys.ListPlaybackKeyPairs(), asked.MaxResults ?? 100, asked.NextToken);
            return EmulatorJson.Write(new { keyPairs = items, nextToken = token });
        }), "ListPlaybackKeyPairs");
        Map(routes.MapPost("/DeletePlaybackKeyPair", async (HttpRequest request) =>
        {
            playbackKeys.DeletePlaybackKeyPair((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn);
            return EmulatorJson.Write(new { });
        }), "DeletePlaybackKeyPair");
    }

    private static void MapRecordingConfigurations(IEndpointRouteBuilder routes, IvsStore store, IvsRecordingConfigurations recordings)
    {
        Map(routes.MapPost("/CreateRecordingConfiguration", async (HttpRequest request) =>
            EmulatorJson.Write(new { recordingConfiguration = recordings.Create(await EmulatorJson.ReadAsync<CreateRecordingConfigurationRequest>(request)) })), "CreateRecordingConfiguration");
        Map(routes.MapPost("/GetRecordingConfiguration", async (HttpRequest request) =>
            EmulatorJson.Write(new { recordingConfiguration = recordings.Get((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn) })), "GetRecordingConfiguration");
        Map(routes.MapPost("/ListRecordingConfigurations", async (HttpRequest request) =>
        {
            var asked = await EmulatorJson.ReadAsync<ListRequest>(request);
            var (items, token) = Paging.Page(recordings.List(), asked.MaxResults ?? 50, asked.NextToken);
            return EmulatorJson.Write(new { recordingConfigurations = items, nextToken = token });
        }), "ListRecordingConfigurations");
        Map(routes.MapPost("/DeleteRecordingConfiguration", async (HttpRequest request) =>
        {
            recordings.Delete((await EmulatorJson.ReadAsync<ArnRequest>(request)).Arn, store.UsesRecordingConfiguration);
            return Results.NoContent();
        }), "DeleteRecordingConfiguration");
    }

    private static void MapTags(IEndpointRouteBuilder routes, IvsStore store)
    {
        // An ARN has slashes, which the caller escapes (%2F) and routing leaves escaped.
        Map(routes.MapGet("/tags/{resourceArn}", (string resourceArn) => EmulatorJson.Write(new { tags = store.ListTags(Uri.UnescapeDataString(resourceArn)) })), "ListTagsForResource");
        Map(routes.MapPost("/tags/{resourceArn}", async (string resourceArn, HttpRequest request) =>
        {
            store.Tag(Uri.UnescapeDataString(resourceArn), (await EmulatorJson.ReadAsync<TagRequest>(request)).Tags);
            return EmulatorJson.Write(new { });
        }), "TagResource");
        Map(routes.MapDelete("/tags/{resourceArn}", (string resourceArn, HttpRequest request) =>
        {
            store.Untag(Uri.UnescapeDataString(resourceArn), [.. request.Query["tagKeys"].OfType<string>()]);
            return EmulatorJson.Write(new { });
        }), "UntagResource");
    }

    private static void Map(RouteHandlerBuilder route, string operation) =>
        route.WithMetadata(new AwsOperation(AwsServiceKind.Ivs, operation));

    private sealed record ArnRequest(string Arn);

    private sealed record ListRequest(string? ChannelArn, string? FilterByName, int? MaxResults, string? NextToken);

    private sealed record CreateStreamKeyRequest(string ChannelArn, IReadOnlyDictionary<string, string>? Tags);

    private sealed record ImportKeyRequest(string PublicKeyMaterial, string? Name, IReadOnlyDictionary<string, string>? Tags);

    private sealed record TagRequest(IReadOnlyDictionary<string, string> Tags);
}
