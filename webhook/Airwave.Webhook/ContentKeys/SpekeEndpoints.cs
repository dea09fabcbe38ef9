using System.Xml;
using System.Xml.Linq;
using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaPackage;
using Airwave.Hosting;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Webhook.ContentKeys;

/// <summary>
/// The installation's key provider, on the public port: <c>POST /v1/speke</c> answers MediaPackage's key requests
/// (SPEKE v1 and v2.0) for callers that show the caller token (the API Gateway in front adds it after its IAM check);
/// <c>GET /v1/keys/{contentId}/{kid}</c> hands players the AES-128 key a playlist's <c>#EXT-X-KEY</c> names, from any
/// page (CORS); a Signed stream's keys only with a grant (<see cref="KeyGrant"/>).
/// </summary>
public static class SpekeEndpoints
{
    public const string SpekePath = "/v1/speke";
    public const string KeysPath = "/v1/keys";
    public const string CorsPolicy = "content-keys";

    /// <summary>How the service names itself to the encryptor (SPEKE's user agent header).</summary>
    private const string UserAgent = "Airwave key provider";

    private static readonly XmlReaderSettings Xml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };

    private static readonly IResult Unavailable = Results.Text("The installation's content keys are not available: the operator has not made their seed yet, or KMS does not decrypt it (the service's log says which).", statusCode: StatusCodes.Status503ServiceUnavailable);

    public static IEnumerable<RouteHandlerBuilder> Map(IEndpointRouteBuilder endpoints, int maxBodyBytes)
    {
        yield return endpoints.MapPost(SpekePath, (HttpContext context, SpekeCaller caller, ContentKeySource keys, WebhookSettings settings, CancellationToken cancellationToken) =>
            AnswerAsync(context, caller, keys, settings, maxBodyBytes, cancellationToken));
        yield return endpoints.MapGet(KeysPath + "/{contentId}/{kid}", ServeKeyAsync).RequireCors(CorsPolicy);
    }

    /// <summary>Where a player fetches the key for these ids: what the answer writes into the playlist's key tag.</summary>
    public static Uri KeyUrl(Uri publicUrl, string contentId, Guid kid) => new(KeyFolder(publicUrl, contentId), $"{kid:D}");

    /// <summary>Where every key of <paramref name="contentId"/> is, ending in '/'.</summary>
    public static Uri KeyFolder(Uri publicUrl, string contentId) => new(publicUrl, $"{KeysPath}/{Uri.EscapeDataString(contentId)}/");

    private static async Task<IResult> AnswerAsync(HttpContext context, SpekeCaller caller, ContentKeySource keys, WebhookSettings settings, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (TooMany(context) is { } refused)
        {
            return refused;
        }

        if (!await caller.IsAllowedAsync(request.Headers[SpekeCallerTokenSecret.Header], cancellationToken))
        {
            return Results.Text($"Key requests need the caller token in {SpekeCallerTokenSecret.Header} (the API Gateway in front of this service adds it).", statusCode: StatusCodes.Status403Forbidden);
        }

        if (settings.PublicUrl is not { } publicUrl)
        {
            return Results.Text("Webhook:PublicUrl is not set: there is no URL players could fetch keys from.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        using var body = await BoundedBody.ReadAsync(request, maxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Text($"The CPIX document is larger than {maxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        string? version = request.Headers[Cpix.VersionHeader];
        SpekeRequest asked;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.Memory.ToArray()), Xml);
            asked = SpekeRequest.Parse(await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken), version);
        }
        catch (XmlException e)
        {
            return Results.Text($"The body is not XML: {e.Message}", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        catch (SpekeRequestException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var values = new Dictionary<Guid, byte[]>();
        foreach (var kid in asked.KeyIds)
        {
            if (await keys.GetAsync(asked.ContentId, kid, cancellationToken) is not { } key)
            {
                return Unavailable;
            }

            values[kid] = key;
        }

        var answer = asked.Answer(values, kid => KeyUrl(publicUrl, asked.ContentId, kid));
        var headers = context.Response.Headers;
        if (asked.IsV2)
        {
            headers[Cpix.VersionHeader] = Cpix.SpekeVersion;
            headers["X-Speke-User-Agent"] = UserAgent;
        }
        else
        {
            headers["Speke-User-Agent"] = UserAgent;
        }

        return Results.Text(answer.ToString(SaveOptions.DisableFormatting), "application/xml");
    }

    private static IResult? TooMany(HttpContext context)
    {
        var limiter = context.RequestServices.GetRequiredService<ContentKeyLimiter>();
        if (limiter.TryAcquire(context.Connection.RemoteIpAddress?.ToString() ?? ""))
        {
            return null;
        }

        context.Response.Headers.RetryAfter = "1";
        return Results.Text($"This address made more than {limiter.Permits} key requests in a second; retry later.", statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> ServeKeyAsync(string contentId, string kid, HttpContext context, ContentKeySource keys, PlaylistKey grants, TimeProvider time, CancellationToken cancellationToken)
    {
        if (TooMany(context) is { } refused)
        {
            return refused;
        }

        if (!Guid.TryParse(kid, out var keyId) || !SpekeRequest.IsContentId(contentId))
        {
            return Results.NotFound();
        }

        if (StreamContentId.IsSigned(contentId))
        {
            // A Signed stream's keys go only to viewers it was granted to, as its segments do.
            if (await grants.GetAsync(cancellationToken) is not { } grantKey)
            {
                return Results.Text("The key grants' signing key does not exist yet: the operator makes it when it starts.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var query = context.Request.Query;
            if (!KeyGrant.IsValid(grantKey, contentId, query["expires"], query["signature"], time.GetUtcNow()))
            {
                return Results.Text("This stream's playback is signed: its keys need the grant (expires, signature) that comes with a playback token (POST /v1/playback-tokens), and it has expired or is not there.", statusCode: StatusCodes.Status403Forbidden);
            }
        }

        if (await keys.GetAsync(contentId, keyId, cancellationToken) is not { } key)
        {
            return Unavailable;
        }

        // A key never changes for its ids; players need not ask again within a viewing.
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.Bytes(key, "application/octet-stream");
    }
}
