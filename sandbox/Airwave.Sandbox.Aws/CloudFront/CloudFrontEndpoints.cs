using System.Xml.Linq;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>CloudFront's REST-XML routes (API 2020-05-31).</summary>
internal static class CloudFrontEndpoints
{
    private const string Prefix = "/2020-05-31/distribution";
    private const string AccessControls = "/2020-05-31/origin-access-control";
    private const string ResponseHeadersPolicies = "/2020-05-31/response-headers-policy";
    private const string PublicKeys = "/2020-05-31/public-key";
    private const string KeyGroups = "/2020-05-31/key-group";

    public static void Map(IEndpointRouteBuilder routes, CloudFrontStore store)
    {
        Map(routes.MapPost(Prefix, async (HttpContext context) =>
        {
            var (distribution, etag, id) = store.Create(await ReadBodyAsync(context.Request));
            context.Response.Headers.Location = $"https://cloudfront.amazonaws.com{Prefix}/{id}";
            return Xml(context, distribution, etag, StatusCodes.Status201Created);
        }), "CreateDistribution");
        Map(routes.MapGet(Prefix, (HttpContext context) =>
            Xml(context, store.ListSummaries(context.Request.Query["Marker"], context.Request.Query["MaxItems"]))), "ListDistributions");
        Map(routes.MapGet($"{Prefix}/{{id}}", (string id, HttpContext context) => Xml(context, store.Get(id))), "GetDistribution");
        Map(routes.MapGet($"{Prefix}/{{id}}/config", (string id, HttpContext context) => Xml(context, store.GetConfig(id))), "GetDistributionConfig");
        Map(routes.MapPut($"{Prefix}/{{id}}/config", async (string id, HttpContext context) =>
        {
            return Xml(context, store.Update(id, await ReadBodyAsync(context.Request), context.Request.Headers.IfMatch.ToString()));
        }), "UpdateDistribution");

        Map(routes.MapPost(AccessControls, async (HttpContext context) =>
        {
            var (accessControl, etag, id) = store.CreateAccessControl(await ReadBodyAsync(context.Request));
            context.Response.Headers.Location = $"https://cloudfront.amazonaws.com{AccessControls}/{id}";
            return Xml(context, accessControl, etag, StatusCodes.Status201Created);
        }), "CreateOriginAccessControl");
        Map(routes.MapGet(AccessControls, (HttpContext context) =>
            Xml(context, store.ListAccessControls(context.Request.Query["Marker"], context.Request.Query["MaxItems"]))), "ListOriginAccessControls");
        Map(routes.MapGet($"{AccessControls}/{{id}}", (string id, HttpContext context) => Xml(context, store.GetAccessControl(id))), "GetOriginAccessControl");
        Map(routes.MapDelete($"{AccessControls}/{{id}}", (string id, HttpContext context) =>
        {
            store.DeleteAccessControl(id, context.Request.Headers.IfMatch.ToString());
            return Results.NoContent();
        }), "DeleteOriginAccessControl");

        Map(routes.MapPost(ResponseHeadersPolicies, async (HttpContext context) =>
        {
            var (policy, etag, id) = store.CreateResponseHeadersPolicy(await ReadBodyAsync(context.Request));
            context.Response.Headers.Location = $"https://cloudfront.amazonaws.com{ResponseHeadersPolicies}/{id}";
            return Xml(context, policy, etag, StatusCodes.Status201Created);
        }), "CreateResponseHeadersPolicy");
        Map(routes.MapGet(ResponseHeadersPolicies, (HttpContext context) =>
            Xml(context, store.ListResponseHeadersPolicies(context.Request.Query["Type"], context.Request.Query["Marker"], context.Request.Query["MaxItems"]))), "ListResponseHeadersPolicies");
        Map(routes.MapGet($"{ResponseHeadersPolicies}/{{id}}", (string id, HttpContext context) => Xml(context, store.GetResponseHeadersPolicy(id))), "GetResponseHeadersPolicy");
        Map(routes.MapDelete($"{ResponseHeadersPolicies}/{{id}}", (string id, HttpContext context) =>
        {
            store.DeleteResponseHeadersPolicy(id, context.Request.Headers.IfMatch.ToString());
            return Results.NoContent();
        }), "DeleteResponseHeadersPolicy");
        MapKeyGroups(routes, store);
    }

    private static void MapKeyGroups(IEndpointRouteBuilder routes, CloudFrontStore store)
    {
        Map(routes.MapPost(PublicKeys, async (HttpContext context) =>
        {
            var (key, etag, id) = store.CreatePublicKey(await ReadBodyAsync(context.Request));
            context.Response.Headers.Location = $"https://cloudfront.amazonaws.com{PublicKeys}/{id}";
            return Xml(context, key, etag, StatusCodes.Status201Created);
        }), "CreatePublicKey");
        Map(routes.MapGet(PublicKeys, (HttpContext context) =>
            Xml(context, store.ListPublicKeys(context.Request.Query["Marker"], context.Request.Query["MaxItems"]))), "ListPublicKeys");
        Map(routes.MapGet($"{PublicKeys}/{{id}}", (string id, HttpContext context) => Xml(context, store.GetPublicKey(id))), "GetPublicKey");
        Map(routes.MapDelete($"{PublicKeys}/{{id}}", (string id, HttpContext context) =>
        {
            store.DeletePublicKey(id, context.Request.Headers.IfMatch.ToString());
            return Results.NoContent();
        }), "DeletePublicKey");

        Map(routes.MapPost(KeyGroups, async (HttpContext context) =>
        {
            var (group, etag, id) = store.CreateKeyGroup(await ReadBodyAsync(context.Request));
            context.Response.Headers.Location = $"https://cloudfront.amazonaws.com{KeyGroups}/{id}";
            return Xml(context, group, etag, StatusCodes.Status201Created);
        }), "CreateKeyGroup");
        Map(routes.MapGet(KeyGroups, (HttpContext context) =>
            Xml(context, store.ListKeyGroups(context.Request.Query["Marker"], context.Request.Query["MaxItems"]))), "ListKeyGroups");
        Map(routes.MapGet($"{KeyGroups}/{{id}}", (string id, HttpContext context) => Xml(context, store.GetKeyGroup(id))), "GetKeyGroup");
        Map(routes.MapPut($"{KeyGroups}/{{id}}", async (string id, HttpContext context) =>
            Xml(context, store.UpdateKeyGroup(id, await ReadBodyAsync(context.Request), context.Request.Headers.IfMatch.ToString()))), "UpdateKeyGroup");
        Map(routes.MapDelete($"{KeyGroups}/{{id}}", (string id, HttpContext context) =>
        {
            store.DeleteKeyGroup(id, context.Request.Headers.IfMatch.ToString());
            return Results.NoContent();
        }), "DeleteKeyGroup");
    }

    private static IResult Xml(HttpContext context, (XElement Body, string ETag) result) => Xml(context, result.Body, result.ETag);

    private static IResult Xml(HttpContext context, XElement body, string? etag = null, int statusCode = StatusCodes.Status200OK)
    {
        if (etag is not null)
        {
            context.Response.Headers.ETag = etag;
        }

        return Results.Text("<?xml version=\"1.0\"?>\n" + body.ToString(SaveOptions.DisableFormatting), "text/xml", statusCode: statusCode);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    private static void Map(RouteHandlerBuilder route, string operation) =>
        route.WithMetadata(new AwsOperation(AwsServiceKind.CloudFront, operation));
}
