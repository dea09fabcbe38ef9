using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Airwave.Aws.S3;
using Airwave.Hosting;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Webhook.VideoUploads;

/// <summary>
/// A VideoAsset's file in parts, for files past the 5 GB one PUT to status.uploadUrl takes: S3's multipart upload of the
/// asset's source key, which the caller starts, gets presigned part URLs for (and PUTs the parts to, from wherever the
/// file is), and completes or aborts here. The file is in the bucket once completed, where the operator finds it.
/// Who may call: see <see cref="UploadTargets"/>. Every refusal is a problem+json body.
/// </summary>
public static class MultipartUploadEndpoints
{
    public const string Path = "/v1/video-uploads/{namespace}/{name}/multipart";

    /// <summary>A completion names up to 10,000 parts with their ETags: about 700 KB.</summary>
    public const int MaxCompletionBytes = 1 << 20;

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, int maxBodyBytes)
    {
        var group = endpoints.MapGroup(Path);
        group.MapPost("", StartAsync);
        group.MapPost("{uploadId}/parts", (HttpRequest request, string @namespace, string name, string uploadId, UploadTargets targets, S3Presigner presigner, VideoUploadSettings settings, TimeProvider time, CancellationToken cancellationToken) =>
            PartUrlsAsync(request, @namespace, name, uploadId, maxBodyBytes, targets, presigner, settings, time, cancellationToken));
        group.MapPost("{uploadId}/complete", CompleteAsync);
        group.MapDelete("{uploadId}", AbortAsync);
        return group;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, string @namespace, string name, UploadTargets targets, IAmazonS3 s3, CancellationToken cancellationToken)
    {
        var (target, refusal) = await targets.ResolveAsync(request, @namespace, name, started: false, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }

        var started = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = target.Bucket, Key = target.Key }, cancellationToken);
        return Results.Created($"{request.Path}/{started.UploadId}", new MultipartStartAnswer(started.UploadId, MultipartLimits.SuggestedPartBytes, MultipartLimits.MinPartBytes, MultipartLimits.MaxParts));
    }

    private static async Task<IResult> PartUrlsAsync(HttpRequest request, string ns, string name, string uploadId, int maxBodyBytes, UploadTargets targets, S3Presigner presigner, VideoUploadSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var (target, refusal) = await targets.ResolveAsync(request, ns, name, started: false, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }

        var (asked, malformed) = await ReadAsync(request, maxBodyBytes, "Part URL request", MultipartJson.Default.PartUrlRequest, cancellationToken);
        if (asked is null)
        {
            return malformed!;
        }

        var numbers = asked.PartNumbers ?? [];
        if (numbers.Count is 0 or > PartUrlRequest.MaxPerRequest || numbers.Any(n => n is < 1 or > MultipartLimits.MaxParts) || numbers.Distinct().Count() != numbers.Count)
        {
            return Malformed($"partNumbers must name 1 to {PartUrlRequest.MaxPerRequest} different parts, each from 1 to {MultipartLimits.MaxParts}.");
        }

        // One expiry for all: the signing credentials are the same for every part.
        var expires = await presigner.LastValidAsync(time.GetUtcNow() + settings.PartUrlLifetime, cancellationToken);
        var parts = new List<PartUrl>(numbers.Count);
        foreach (var number in numbers)
        {
            parts.Add(new PartUrl(number, (await presigner.PresignAsync(target.Bucket, target.Key, HttpVerb.PUT, expires, cancellationToken, part: (uploadId, number))).Url));
        }

        return Results.Ok(new PartUrlsAnswer(parts, expires.ToUnixTimeSeconds()));
    }

    private static async Task<IResult> CompleteAsync(HttpRequest request, string @namespace, string name, string uploadId, UploadTargets targets, IAmazonS3 s3, CancellationToken cancellationToken)
    {
        var (target, refusal) = await targets.ResolveAsync(request, @namespace, name, started: true, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }

        var (asked, malformed) = await ReadAsync(request, MaxCompletionBytes, "Completion", MultipartJson.Default.CompleteRequest, cancellationToken);
        if (asked is null)
        {
            return malformed!;
        }

        var parts = asked.Parts ?? [];
        if (parts.Count is 0 or > MultipartLimits.MaxParts || parts.Any(p => p.PartNumber is < 1 or > MultipartLimits.MaxParts || string.IsNullOrEmpty(p.ETag)))
        {
            return Malformed($"parts must list 1 to {MultipartLimits.MaxParts} parts, each with its partNumber and the etag S3 answered its PUT with.");
        }

        return await S3Async(async () =>
        {
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = target.Bucket,
                Key = target.Key,
                UploadId = uploadId,
                PartETags = [.. parts.Select(p => new PartETag(p.PartNumber, p.ETag))],
            }, cancellationToken);
            return Results.Ok(new MultipartCompleteAnswer(target.SourceUrl));
        });
    }

    private static async Task<IResult> AbortAsync(HttpRequest request, string @namespace, string name, string uploadId, UploadTargets targets, IAmazonS3 s3, CancellationToken cancellationToken)
    {
        var (target, refusal) = await targets.ResolveAsync(request, @namespace, name, started: true, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }

        return await S3Async(async () =>
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = target.Bucket, Key = target.Key, UploadId = uploadId }, cancellationToken);
            return Results.NoContent();
        });
    }

    /// <summary>S3's refusals of the caller's request (an unknown upload, a part missing or too small), in S3's words.</summary>
    private static async Task<IResult> S3Async(Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such upload", detail: $"{e.ErrorCode}: {e.Message}");
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.BadRequest)
        {
            return Malformed($"S3 refused it: {e.ErrorCode}: {e.Message}");
        }
    }

    private static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest request, int limit, string what, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var body = await BoundedBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return (null, BoundedBody.TooLarge(what, limit));
        }

        try
        {
            return JsonSerializer.Deserialize(body.Memory.Span, type) is { } parsed ? (parsed, null) : (null, Malformed($"The body is not a {what.ToLowerInvariant()}."));
        }
        catch (JsonException e)
        {
            return (null, Malformed($"The body is not a {what.ToLowerInvariant()}: {e.Message}"));
        }
    }

    private static IResult Malformed(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", detail: detail);
}
