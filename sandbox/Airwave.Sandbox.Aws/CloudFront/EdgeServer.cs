using Airwave.Aws.CloudFront;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.Media;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.CloudFront;

/// <summary>
/// A distribution's edge, on the emulator's port at <c>/_edge/{distributionId}/...</c> (a CloudFront domain name
/// resolves to nothing here): the request goes to the origin of the first cache behavior whose path pattern matches,
/// else the default one's, as CloudFront routes it. Origins on the emulator (MediaPackage endpoints) answer; so do
/// S3 buckets of the emulator's S3, read with the origin's access control (without one, a private bucket refuses
/// CloudFront as it refuses anyone: 403); any other origin is out of the sandbox's reach, a 502. A behavior that
/// trusts key groups serves only signed URLs and cookies (<see cref="SignedRequestCheck"/>). The behavior's
/// response headers policy, if any, sets its headers on the answer (<see cref="EdgeResponseHeaders"/>).
/// </summary>
internal sealed class EdgeServer(CloudFrontStore distributions, OriginServer origins, S3Store buckets, AwsEmulatorOptions options)
{
    public const string PathPrefix = "/_edge/";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(PathPrefix + "{distributionId}/{**path}", (string distributionId, string path, HttpContext context) => ServeAsync(distributionId, "/" + path, context));

    private async Task<IResult> ServeAsync(string distributionId, string path, HttpContext context)
    {
        if (distributions.ConfigOf(distributionId) is not { } config)
        {
            return Results.NotFound();
        }
        var behavior = config.CacheBehaviors.FirstOrDefault(b => Matches(b.PathPattern, path));
        var trusted = distributions.TrustedKeyGroups(distributionId, behavior?.PathPattern);
        if (trusted.Count > 0)
        {
            // Restricted viewer access: the URL as the signer wrote it, on this edge or the distribution's domain.
            var request = context.Request;
            string[] urls =
            [
                SignedRequestCheck.WithoutSigning($"{request.Scheme}://{request.Host}{PathPrefix}{distributionId}{path}", request.Query),
                SignedRequestCheck.WithoutSigning($"https://{distributions.DomainName(distributionId)}{path}", request.Query),
            ];
            if (SignedRequestCheck.Refusal(request, urls, keyPairId => distributions.TrustedKey(trusted, keyPairId), options.Time.GetUtcNow()) is { } refusal)
            {
                return refusal;
            }
        }

        var target = behavior?.TargetOriginId ?? config.DefaultTargetOriginId;
        if (behavior?.ResponseHeadersPolicyId is { } policyId && distributions.ResponseHeadersPolicyConfig(policyId) is { } policy)
        {
            // Applied to whatever the origin answers, errors included, once the origin has set its own headers.
            context.Response.OnStarting(() =>
            {
                EdgeResponseHeaders.Apply(policy, context.Response.Headers);
                return Task.CompletedTask;
            });
        }

        var origin = config.Origins.FirstOrDefault(o => o.Id == target);
        var originPath = (origin?.OriginPath ?? "") + path;
        if (origin is not null && CloudFrontStore.BucketOfOrigin(origin.DomainName) is { } bucket)
        {
            return await ServeObjectAsync(bucket, origin, originPath, context);
        }

        if (origin is null || !IsEmulator(origin.DomainName) || !originPath.StartsWith(OriginServer.PathPrefix, StringComparison.Ordinal)
            || originPath[OriginServer.PathPrefix.Length..].Split('/') is not [var hash, var file])
        {
            return Results.StatusCode(StatusCodes.Status502BadGateway);
        }
        // CloudFront sends the origin its custom headers; the viewer's own headers do not reach it (no origin request policy).
        return await origins.ServeAsync(hash, file, context, origin.CustomHeaders?.GetValueOrDefault(CdnAuthorization.HeaderName));
    }

    private async Task<IResult> ServeObjectAsync(string bucket, CloudFrontOrigin origin, string originPath, HttpContext context)
    {
        try
        {
            // Buckets are private; CloudFront gets in only by signing with an access control the bucket's policy allows.
            if (origin.OriginAccessControlId is not { Length: > 0 } accessControl || !distributions.HasAccessControl(accessControl))
            {
                throw S3Errors.AccessDenied();
            }

            // The policy CloudFront's access control is given allows s3:GetObject alone, so a missing key is a 403 too.
            S3Object found;
            try
            {
                found = buckets.Get(bucket, Uri.UnescapeDataString(originPath.TrimStart('/')));
            }
            catch (AwsApiException e) when (e.Code is "NoSuchKey")
            {
                throw S3Errors.AccessDenied();
            }

            context.Response.Headers.ETag = found.ETag;
            // CloudFront passes a viewer's Range on to S3: HLS byte-range playlists depend on it.
            return Results.Bytes(found.Content, found.ContentType, enableRangeProcessing: true);
        }
        catch (AwsApiException error)
        {
            await AwsErrorWriter.WriteAsync(context, AwsServiceKind.S3, error);
            return Results.Empty;
        }
    }

    private bool IsEmulator(string domainName) =>
        domainName == options.Host || domainName == "localhost" || domainName == options.BaseAddress.Authority;

    /// <summary>CloudFront's path patterns: '*' any run of characters, '?' one; case-sensitive.</summary>
    private static bool Matches(string pattern, string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(path, "^" + System.Text.RegularExpressions.Regex.Escape(pattern.StartsWith('/') ? pattern : "/" + pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$");
}
