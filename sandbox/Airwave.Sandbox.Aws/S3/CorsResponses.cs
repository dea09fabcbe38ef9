using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// What S3 answers a browser's cross-origin requests with, from the bucket's CORS rules: a preflight (OPTIONS, no
/// signature) is allowed by the first rule that allows its origin, method and headers, or refused with 403; a request
/// that names an origin gets the headers of the first rule that allows its origin and method.
/// </summary>
internal static class CorsResponses
{
    private const string NotAllowed = "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

    public static Task PreflightAsync(HttpContext context, S3Target target, S3Store store)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (origin.Length == 0)
        {
            throw S3Errors.InvalidRequest("Insufficient information. Origin request header needed.");
        }

        if (method.Length == 0)
        {
            throw S3Errors.InvalidRequest("Invalid Access-Control-Request-Method: null");
        }

        IReadOnlyList<CorsRule>? rules;
        try
        {
            rules = store.Cors(target.Bucket ?? "");
        }
        catch (Pipeline.AwsApiException)
        {
            throw S3Errors.CorsForbidden("Bucket not found", method);
        }

        if (rules is null)
        {
            throw S3Errors.CorsForbidden("CORS is not enabled for this bucket.", method);
        }

        var headers = request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rule = rules.FirstOrDefault(r => r.Allows(origin, method, headers)) ?? throw S3Errors.CorsForbidden(NotAllowed, method);
        Describe(context.Response, rule, origin);
        if (headers.Length > 0)
        {
            context.Response.Headers.AccessControlAllowHeaders = string.Join(", ", headers);
        }

        return Task.CompletedTask;
    }

    /// <summary>The CORS headers of a request that names an origin, before its operation answers it.</summary>
    public static void Add(S3Call call)
    {
        if (call.Header("Origin") is not { Length: > 0 } origin || call.Target.Bucket is not { } bucket)
        {
            return;
        }

        IReadOnlyList<CorsRule>? rules;
        try
        {
            rules = call.Store.Cors(bucket);
        }
        catch (Pipeline.AwsApiException)
        {
            return;
        }

        if (rules?.FirstOrDefault(r => r.Allows(origin, call.Request.Method, [])) is { } rule)
        {
            Describe(call.Response, rule, origin);
        }
    }

    private static void Describe(HttpResponse response, CorsRule rule, string origin)
    {
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = rule.AnyOrigin ? "*" : origin;
        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (!rule.AnyOrigin)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (rule.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        }

        if (rule.MaxAgeSeconds is { } age)
        {
            headers.AccessControlMaxAge = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
    }
}
